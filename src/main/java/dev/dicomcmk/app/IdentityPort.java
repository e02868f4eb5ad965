package dev.dicomcmk.app;

import dev.dicomcmk.access.OperatorNeed;
import dev.dicomcmk.model.AccessGrant;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceFacts;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.model.VaultFacts;
import dev.dicomcmk.model.CmkFacts;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** What enable-identity reads from and writes to Azure, in the model's terms. */
public interface IdentityPort {

    ServiceFacts service(ServiceId id);

    /** A key URL as this cloud spells key vaults and managed HSMs. */
    KeyUrl keyUrl(String text);

    VaultFacts vault(KeyUrl key, String subscriptionId);

    /** The principal a user-assigned identity's own resource has now (null when ARM reports none). */
    String userAssignedPrincipal(String userAssignedId);

    boolean alreadyGranted(AccessGrant grant, VaultFacts vault, String principalId);

    /** Grants the access; true when it was created, false when it was there already. */
    boolean grant(AccessGrant grant, KeyUrl key, VaultFacts vault, String principalId, String subscriptionId);

    /** Sets the service's identities (PATCH) and answers the service as it then is. */
    ServiceFacts patchIdentity(ServiceId id, String type, List<String> userAssigned, Consumer<String> progress);

    /** Everything the requirements checker reads about the service and the key. */
    CmkFacts facts(ServiceId id, KeyUrl key);

    /** The operator's permissions before the first write: refuses (exit 4) when one is provably missing. */
    void requirePermissions(String command, List<OperatorNeed> needs, Consumer<String> note);

    /** The signed-in principal's object id, for the journal. */
    String operator();

    /** Azure's clock. */
    Instant now();
}
