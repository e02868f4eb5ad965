package dev.dicomcmk.sandbox.world;

import java.util.ArrayList;
import java.util.List;

/** A vault's or HSM's firewall: bypass AzureServices|None, defaultAction Allow|Deny, IP rules (CIDR or address). */
public final class NetworkAcls {
    public String bypass = "AzureServices";
    public String defaultAction = "Allow";
    public List<String> ipRules = new ArrayList<>();
    public List<String> virtualNetworkRules = new ArrayList<>();
}
