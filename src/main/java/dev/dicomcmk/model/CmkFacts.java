package dev.dicomcmk.model;


import java.time.Instant;
import java.util.List;

/**
 * Everything the checker judges, gathered from Azure (or read from a template). Every part is
 * {@link Observed}: what could not be read carries the reason, and the checker reports SKIP.
 *
 * @param now          the time to judge expiry and age against
 * @param keyUrlText   the key URL as given or as the service stores it (may be unparseable)
 * @param keyUrl       the parsed key URL
 * @param keyNotFound  true when Key Vault answered that the key (version) does not exist
 * @param homeTenantId the tenant the service (subscription) belongs to
 * @param service      the service; unknown ("no service given") when only a key is checked
 * @param identities   the service's identities, resolved
 * @param access       role grants covering the key for those identities
 * @param offline      the facts come from a template or plan, not from Azure: what they leave unknown is
 *                     not determinable offline (an "offline" SKIP), not unreadable
 */
public record CmkFacts(
        Instant now,
        Observed<String> keyUrlText,
        Observed<KeyUrl> keyUrl,
        Observed<KeyFacts> key,
        boolean keyNotFound,
        Observed<VaultFacts> vault,
        Observed<String> homeTenantId,
        Observed<ServiceFacts> service,
        Observed<List<IdentityFacts>> identities,
        Observed<AccessFacts> access,
        boolean offline) {

    /** Facts read from Azure. */
    public CmkFacts(Instant now, Observed<String> keyUrlText, Observed<KeyUrl> keyUrl, Observed<KeyFacts> key,
                    boolean keyNotFound, Observed<VaultFacts> vault, Observed<String> homeTenantId,
                    Observed<ServiceFacts> service, Observed<List<IdentityFacts>> identities, Observed<AccessFacts> access) {
        this(now, keyUrlText, keyUrl, key, keyNotFound, vault, homeTenantId, service, identities, access, false);
    }

    /** The kind of SKIP an unknown fact makes here: "offline" for a template or plan, else the fact's own. */
    public SkipKind skipKindOf(Observed<?> unknown) {
        if (offline) {
            return SkipKind.OFFLINE;
        }
        return unknown.unknownKind() == null ? SkipKind.UNREADABLE : unknown.unknownKind();
    }
}
