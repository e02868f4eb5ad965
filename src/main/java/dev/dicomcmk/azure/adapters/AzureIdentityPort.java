package dev.dicomcmk.azure.adapters;

import dev.dicomcmk.app.IdentityPort;
import dev.dicomcmk.access.OperatorNeed;
import dev.dicomcmk.azure.AzureSession;
import dev.dicomcmk.azure.DicomServiceReader;
import dev.dicomcmk.azure.DicomServiceWriter;
import dev.dicomcmk.azure.FactsCollector;
import dev.dicomcmk.azure.FactsRequest;
import dev.dicomcmk.azure.Grant;
import dev.dicomcmk.azure.IdentityReader;
import dev.dicomcmk.azure.KeyAccessGranter;
import dev.dicomcmk.azure.SignedInPrincipal;
import dev.dicomcmk.azure.VaultReader;
import dev.dicomcmk.model.AccessGrant;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceFacts;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.model.VaultFacts;
import dev.dicomcmk.model.CmkFacts;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** {@link IdentityPort} over one Azure session. */
public final class AzureIdentityPort implements IdentityPort {

    private final AzureSession session;

    public AzureIdentityPort(AzureSession session) {
        this.session = session;
    }

    @Override
    public ServiceFacts service(ServiceId id) {
        return new DicomServiceReader(session.arm()).read(id);
    }

    @Override
    public KeyUrl keyUrl(String text) {
        return KeyUrl.parse(text, session.cloud().keyVaultDnsSuffix(), session.cloud().managedHsmDnsSuffix());
    }

    @Override
    public VaultFacts vault(KeyUrl key, String subscriptionId) {
        return new VaultReader(session.arm()).read(key, subscriptionId);
    }

    @Override
    public String userAssignedPrincipal(String userAssignedId) {
        return new IdentityReader(session.arm()).current(userAssignedId).principalId();
    }

    @Override
    public boolean alreadyGranted(AccessGrant grant, VaultFacts vault, String principalId) {
        return new KeyAccessGranter(session).alreadyGranted(grant, vault, principalId);
    }

    @Override
    public boolean grant(AccessGrant grant, KeyUrl key, VaultFacts vault, String principalId, String subscriptionId) {
        return new KeyAccessGranter(session).grant(grant, key, vault, principalId, subscriptionId) == Grant.CREATED;
    }

    @Override
    public ServiceFacts patchIdentity(ServiceId id, String type, List<String> userAssigned, Consumer<String> progress) {
        return DicomServiceReader.parse(id, new DicomServiceWriter(session.arm()).patchIdentity(id, type, userAssigned,
                progress::accept));
    }

    @Override
    public CmkFacts facts(ServiceId id, KeyUrl key) {
        return new FactsCollector(session).collect(new FactsRequest(id, key, id.subscriptionId()));
    }

    @Override
    public void requirePermissions(String command, List<OperatorNeed> needs, Consumer<String> note) {
        new OperatorPermissionGate(session).require(command, needs, note);
    }

    @Override
    public String operator() {
        return SignedInPrincipal.objectId(session);
    }

    @Override
    public Instant now() {
        return session.clock().now();
    }
}
