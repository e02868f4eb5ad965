package dev.dicomcmk.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.preflight.Symbols.Comparison;
import dev.dicomcmk.template.expressions.ArmExpressions;
import dev.dicomcmk.template.expressions.ResolvedResource;

import java.util.List;
import java.util.Optional;

/**
 * The resolved resources of one template, with the few look-ups the facts need, and the one
 * rule for reading a value: a literal is itself, anything left to deployment time is its symbol.
 */
final class TemplateResources {

    static final String KEY_VAULT = "Microsoft.KeyVault/vaults";
    static final String MANAGED_HSM = "Microsoft.KeyVault/managedHSMs";

    private final List<ResolvedResource> resources;
    private final SymbolicReferences references;
    private final String resourceGroupId;

    TemplateResources(List<ResolvedResource> resources, SymbolicReferences references, String resourceGroupId) {
        this.resources = List.copyOf(resources);
        this.references = references;
        this.resourceGroupId = resourceGroupId;
    }

    /** The resource group the template is deployed to, symbolic unless given. */
    String resourceGroupId() {
        return resourceGroupId;
    }

    List<ResolvedResource> all() {
        return resources;
    }

    List<ResolvedResource> ofType(String type) {
        return resources.stream().filter(r -> r.type().equalsIgnoreCase(type)).toList();
    }

    /** Role assignments in every form: Microsoft.Authorization/roleAssignments and {type}/providers/roleAssignments. */
    List<ResolvedResource> roleAssignments() {
        return resources.stream().filter(r -> r.type().toLowerCase(java.util.Locale.ROOT).endsWith("/roleassignments")).toList();
    }

    /** The declared resource of that type and name: found, not declared, or not determinable (symbolic names). */
    Lookup find(String type, String name) {
        boolean unknown = false;
        for (ResolvedResource r : ofType(type)) {
            Comparison c = IdPaths.compare(r.name(), name);
            if (c == Comparison.SAME) {
                return new Lookup(Optional.of(r), false);
            }
            unknown |= c == Comparison.UNKNOWN;
        }
        return new Lookup(Optional.empty(), unknown);
    }

    /** A reference() target: an id as it is, a name as the id of the template resource of that name. */
    Optional<String> idOf(String idOrName) {
        if (idOrName.startsWith("/")) {
            return Optional.of(idOrName);
        }
        return resources.stream().filter(r -> r.name().equalsIgnoreCase(idOrName)).map(ResolvedResource::id).findFirst();
    }

    Optional<RuntimeValue> runtimeValue(JsonNode node) {
        return references.runtimeValue(node);
    }

    /** A string value: the literal, or the symbol of what decides it at deployment. Null when absent or not a string. */
    String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        Optional<RuntimeValue> runtime = runtimeValue(node);
        if (runtime.isPresent()) {
            return Symbols.of(runtime.get().expression());
        }
        Optional<String> unresolved = ArmExpressions.unresolved(node).map(u -> u.expression());
        if (unresolved.isPresent()) {
            return Symbols.of(unresolved.get());
        }
        return node.isTextual() ? node.textValue() : null;
    }

    /** True when the value is not a literal (a marker or a symbol). */
    boolean undetermined(JsonNode node) {
        return ArmExpressions.unresolved(node).isPresent() || (node.isTextual() && Symbols.isSymbolic(node.textValue()));
    }

    /** The result of looking a resource up by name. */
    record Lookup(Optional<ResolvedResource> resource, boolean undeterminable) {
    }
}
