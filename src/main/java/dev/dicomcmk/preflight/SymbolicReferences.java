package dev.dicomcmk.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.template.expressions.ArmExpressions;
import dev.dicomcmk.template.expressions.ReferenceResolver;
import dev.dicomcmk.template.expressions.Unresolved;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Answers reference() offline. Nothing is deployed, so every property read from a reference is
 * an unresolved marker; unlike a plain marker it is remembered as a {@link RuntimeValue}, so the
 * facts can still say "this is the principal id of that identity" or "this is the key's
 * versioned URI" and match them against the rest of the template.
 */
final class SymbolicReferences implements ReferenceResolver {

    private static final String REASON = "known only after deployment";
    /** Parts of a full reference() that are objects themselves, so a path through them continues. */
    private static final Set<String> FULL_OBJECTS = Set.of("identity", "properties", "sku", "tags");

    private final Map<Unresolved, RuntimeValue> values = new HashMap<>();

    @Override
    public JsonNode reference(String resourceIdOrName, String apiVersion, boolean full) {
        return new SymbolicObject(resourceIdOrName, full, List.of());
    }

    /** What a marker stands for, when it came from a reference(). */
    Optional<RuntimeValue> runtimeValue(JsonNode node) {
        return ArmExpressions.unresolved(node).map(values::get);
    }

    private JsonNode leaf(RuntimeValue value) {
        Unresolved unresolved = new Unresolved(value.expression(), REASON);
        values.put(unresolved, value);
        return ArmExpressions.unresolvedValue(unresolved);
    }

    /** An object whose every property is there: an object where ARM returns one, a marker otherwise. */
    private final class SymbolicObject extends ObjectNode {
        private static final long serialVersionUID = 1L;
        private final String resourceId;
        private final boolean full;
        private final List<String> path;

        SymbolicObject(String resourceId, boolean full, List<String> path) {
            super(JsonNodeFactory.instance);
            this.resourceId = resourceId;
            this.full = full;
            this.path = path;
        }

        @Override
        public JsonNode get(String name) {
            List<String> next = new ArrayList<>(path);
            next.add(name);
            boolean object = full && (path.isEmpty() && FULL_OBJECTS.contains(name.toLowerCase(java.util.Locale.ROOT))
                    || path.size() == 1 && path.get(0).equalsIgnoreCase("identity") && name.equalsIgnoreCase("userAssignedIdentities")
                    || path.size() == 2 && path.get(1).equalsIgnoreCase("userAssignedIdentities"));
            return object ? new SymbolicObject(resourceId, full, next) : leaf(new RuntimeValue(resourceId, full, next));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SymbolicObject other && other.resourceId.equals(resourceId) && other.full == full
                    && other.path.equals(path);
        }

        @Override
        public int hashCode() {
            return resourceId.hashCode() * 31 + path.hashCode();
        }
    }
}
