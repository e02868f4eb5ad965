package dev.dicomcmk.app;

import dev.dicomcmk.azure.AzureSession;
import dev.dicomcmk.azure.DicomServiceLister;
import dev.dicomcmk.azure.DicomServiceReader;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.KeyUrl;

import java.util.List;

/**
 * {@link KeyUsers} over one subscription (or one of its resource groups): the listing rotate-key --all
 * makes (one list per workspace, whole resources), kept to the services whose key URL names the key.
 * A service whose key URL does not parse as this cloud's cannot be on the key and is left out.
 */
public final class SubscriptionKeyUsers implements KeyUsers {

    private final AzureSession session;
    private final String subscription;
    private final String resourceGroup;

    public SubscriptionKeyUsers(AzureSession session, String subscription, String resourceGroup) {
        this.session = session;
        this.subscription = subscription;
        this.resourceGroup = resourceGroup;
    }

    @Override
    public List<KeyUser> of(KeyUrl key) {
        return new DicomServiceLister(session.arm(), session.executor()).list(subscription, resourceGroup, (sid, body) -> {
            String url = DicomServiceReader.parse(sid, body).keyUrl();
            return names(url, key) ? new KeyUser(sid, url) : null;
        });
    }

    /** Whether a service's key URL (any version, or none) names the same key of the same vault. */
    private boolean names(String serviceKeyUrl, KeyUrl key) {
        if (serviceKeyUrl == null || serviceKeyUrl.isBlank()) {
            return false;
        }
        try {
            KeyUrl k = KeyUrl.parse(serviceKeyUrl, session.cloud().keyVaultDnsSuffix(), session.cloud().managedHsmDnsSuffix());
            return k.host().equalsIgnoreCase(key.host()) && k.keyName().equalsIgnoreCase(key.keyName());
        } catch (InvalidInputException notThisCloud) {
            return false;
        }
    }
}
