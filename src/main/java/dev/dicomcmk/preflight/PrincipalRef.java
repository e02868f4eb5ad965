package dev.dicomcmk.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.preflight.Symbols.Comparison;

import java.util.Optional;

/**
 * Who a principalId (or an access policy's objectId) names: the identity of a resource
 * ({@code reference(<uami>).principalId}, {@code reference(<service>, ..., 'full').identity.principalId}),
 * a literal object id, or something only the deployment decides.
 *
 * @param identityOf the id of the resource whose identity it is, or null
 * @param text       the literal id, or the symbol standing for it
 */
record PrincipalRef(String identityOf, String text) {

    static PrincipalRef ofIdentity(String resourceId) {
        return new PrincipalRef(resourceId, Symbols.principalOf(resourceId));
    }

    static PrincipalRef read(JsonNode node, TemplateResources resources) {
        Optional<RuntimeValue> runtime = resources.runtimeValue(node);
        if (runtime.isPresent()) {
            RuntimeValue v = runtime.get();
            Optional<String> id = resources.idOf(v.resourceId());
            if (id.isPresent() && (v.is("principalId") || v.is("identity", "principalId"))) {
                return ofIdentity(id.get());
            }
            if (v.path().size() == 4 && v.is("identity", "userAssignedIdentities", v.path().get(2), "principalId")) {
                return ofIdentity(v.path().get(2));
            }
        }
        String text = resources.text(node);
        return new PrincipalRef(null, text == null ? Symbols.of("no principalId") : text);
    }

    /**
     * Distinct identity resources have distinct principals; a literal object id may be an
     * identity that already exists, so it is never provably someone else.
     */
    Comparison compare(PrincipalRef other) {
        if (identityOf != null && other.identityOf != null) {
            return IdPaths.compare(identityOf, other.identityOf);
        }
        if (identityOf == null && other.identityOf == null) {
            return Symbols.compare(text, other.text);
        }
        return Comparison.UNKNOWN;
    }

    String expression() {
        return Symbols.expression(text);
    }
}
