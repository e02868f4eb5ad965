package dev.dicomcmk.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.IdentityFacts;
import dev.dicomcmk.model.Observed;
import dev.dicomcmk.model.ServiceFacts;
import dev.dicomcmk.model.ServiceFacts.UserAssignedRef;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.template.expressions.ResolvedResource;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A DICOM service declared in the template, as {@link ServiceFacts} and its identities. Each
 * identity's principal id exists only after deployment, so it is the symbol of the resource
 * that owns the identity: the service for its system-assigned identity, the UAMI otherwise.
 * Role assignments that name the same resource's principal are then provably for it.
 */
record TemplateService(ResolvedResource resource, Observed<ServiceFacts> facts, Observed<List<IdentityFacts>> identities,
                       List<PrincipalRef> principals) {

    static final String KEK_POINTER = "/properties/encryption/customerManagedKeyEncryption/keyEncryptionKeyUrl";

    static TemplateService read(ResolvedResource dicom, String keyUrlText, TemplateResources resources) {
        JsonNode identity = dicom.body().path("identity");
        JsonNode typeNode = identity.get("type");
        String type = typeNode == null ? "None" : resources.text(typeNode);
        if (type == null || Symbols.isSymbolic(type)) {
            String why = Symbols.notDeterminable("identity type " + (type == null ? typeNode.toString() : Symbols.expression(type)));
            return new TemplateService(dicom, Observed.unknown(why), Observed.unknown(why), List.of());
        }
        String lower = type.toLowerCase(Locale.ROOT);
        List<IdentityFacts> identities = new ArrayList<>();
        List<PrincipalRef> principals = new ArrayList<>();
        String systemPrincipal = null;
        if (lower.contains("systemassigned")) {
            PrincipalRef system = PrincipalRef.ofIdentity(dicom.id());
            systemPrincipal = system.text();
            identities.add(new IdentityFacts(IdentityFacts.Kind.SYSTEM_ASSIGNED, null, system.text(), null, IdentityFacts.Presence.PRESENT, null));
            principals.add(system);
        }
        Map<String, UserAssignedRef> userAssigned = new LinkedHashMap<>();
        if (lower.contains("userassigned")) {
            JsonNode uamis = identity.path("userAssignedIdentities");
            if (!uamis.isObject() || resources.undetermined(uamis)) {
                String why = Symbols.notDeterminable("userAssignedIdentities " + Symbols.expression(String.valueOf(resources.text(uamis))));
                return new TemplateService(dicom, Observed.unknown(why), Observed.unknown(why), List.of());
            }
            for (Iterator<String> it = uamis.fieldNames(); it.hasNext(); ) {
                String uamiId = it.next();
                PrincipalRef uami = PrincipalRef.ofIdentity(uamiId);
                userAssigned.put(uamiId, new UserAssignedRef(uami.text(), null));
                identities.add(new IdentityFacts(IdentityFacts.Kind.USER_ASSIGNED, uamiId, uami.text(), null, IdentityFacts.Presence.PRESENT, null));
                principals.add(uami);
            }
        }
        ServiceFacts facts = new ServiceFacts(serviceId(dicom), resources.text(dicom.body().get("location")), null, null, null,
                type, systemPrincipal, null, userAssigned, keyUrlText);
        return new TemplateService(dicom, Observed.known(facts), Observed.known(identities), principals);
    }

    /** The service's id parts, symbolic where the template leaves them to deployment. */
    private static ServiceId serviceId(ResolvedResource dicom) {
        String[] id = dicom.id().split("/");
        String[] name = dicom.name().split("/");
        String subscription = id.length > 2 ? id[2] : Symbols.SUBSCRIPTION_ID;
        String group = id.length > 4 ? id[4] : Symbols.RESOURCE_GROUP;
        return new ServiceId(subscription, group, name.length == 2 ? name[0] : dicom.name(),
                name.length == 2 ? name[1] : dicom.name());
    }
}
