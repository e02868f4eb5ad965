package dev.dicomcmk.sandbox.world;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One version of a key. Times are Unix seconds, as Key Vault reports them. Key material is derived, not stored. */
public final class KeyVersion {
    public String version;
    /** RSA, RSA-HSM, EC, EC-HSM, oct-HSM. */
    public String kty;
    public Integer keySize;
    public String crv;
    public List<String> keyOps = new ArrayList<>();
    public boolean enabled = true;
    public Long nbf;
    public Long exp;
    public long created;
    public long updated;
    public Boolean exportable;
    public Map<String, String> tags = new LinkedHashMap<>();
    /** The Event Grid event types already published about this version (each is published once). */
    public List<String> eventsPublished = new ArrayList<>();

    public boolean isRsa() {
        return kty != null && kty.toUpperCase(java.util.Locale.ROOT).startsWith("RSA");
    }

    public boolean isEc() {
        return kty != null && kty.toUpperCase(java.util.Locale.ROOT).startsWith("EC");
    }
}
