package dev.dicomcmk.sandbox.world;

import java.util.LinkedHashMap;
import java.util.Map;

public final class ResourceGroup {
    public String name;
    public String location;
    /** The subscription it lives in; null for the home subscription. */
    public String subscriptionId;
    public Map<String, String> tags = new LinkedHashMap<>();

    public ResourceGroup() {
    }

    public ResourceGroup(String name, String location) {
        this.name = name;
        this.location = location;
    }

    public String id(String subscriptionId) {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + name;
    }
}
