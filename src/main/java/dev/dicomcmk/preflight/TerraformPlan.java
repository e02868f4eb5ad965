package dev.dicomcmk.preflight;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON of {@code terraform show -json <planfile>} (format_version 1.x), reduced to resource
 * instances: their planned values, which of those stay unknown until apply
 * (resource_changes[].change.after_unknown), and the references their configuration
 * expressions make (configuration...expressions.attr.references), which tie resources together
 * when the values themselves are not known yet. Modules, count/for_each instances and data
 * sources (read at plan time into prior_state, or deferred to apply) are all included.
 */
final class TerraformPlan {

    /** {@code type.name}, {@code data.type.name}, an optional index, then the attribute path. */
    private static final Pattern REFERENCE = Pattern.compile(
            "^((?:data\\.)?[a-z][a-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_-]*)(\\[[^\\]]*])?(?:\\.(.*))?$");

    private final JsonFile file;
    private final List<Instance> instances = new ArrayList<>();
    private final Map<String, JsonNode> configByModule = new LinkedHashMap<>();

    /**
     * One resource instance.
     *
     * @param address       the full address, e.g. {@code module.dicom.azurerm_key_vault_key.this["a"]}
     * @param module        the module address ("" for the root), e.g. {@code module.dicom}
     * @param configAddress the address within its module, without index: {@code azurerm_key_vault_key.this}
     * @param index         the count/for_each key as JSON, or null
     * @param pointer       where its values are in the plan file
     */
    record Instance(String address, String module, String mode, String type, String configAddress, JsonNode index,
                    JsonNode values, JsonNode afterUnknown, JsonNode config, String pointer) {

        boolean isData() {
            return "data".equals(mode);
        }
    }

    /** A value: known (possibly null/missing), or unknown until apply with the references that decide it. */
    record Value(JsonNode node, boolean unknown, List<String> references) {

        boolean known() {
            return !unknown;
        }

        String text() {
            return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
        }
    }

    private TerraformPlan(JsonFile file) {
        this.file = file;
    }

    static TerraformPlan read(JsonFile file) {
        JsonNode root = file.tree();
        String version = root.path("format_version").asText("");
        if (!version.startsWith("1.") || !root.has("planned_values")) {
            throw new InvalidTemplateException(file.displayName() + ": not the JSON of a Terraform plan (format_version 1.x with "
                    + "planned_values); write it with: terraform show -json tfplan > " + file.displayName());
        }
        TerraformPlan plan = new TerraformPlan(file);
        plan.indexConfiguration(root.path("configuration").path("root_module"), "");
        Map<String, JsonNode> unknowns = new LinkedHashMap<>();
        for (JsonNode change : root.path("resource_changes")) {
            unknowns.put(change.path("address").asText(), change.path("change").path("after_unknown"));
        }
        plan.walk(root.path("planned_values").path("root_module"), "/planned_values/root_module", unknowns, false);
        plan.walk(root.path("prior_state").path("values").path("root_module"), "/prior_state/values/root_module", unknowns,
                true);
        return plan;
    }

    private void indexConfiguration(JsonNode module, String path) {
        configByModule.put(path, module);
        JsonNode calls = module.path("module_calls");
        for (var it = calls.fields(); it.hasNext(); ) {
            var call = it.next();
            indexConfiguration(call.getValue().path("module"), (path.isEmpty() ? "" : path + ".") + "module." + call.getKey());
        }
    }

    private void walk(JsonNode module, String pointer, Map<String, JsonNode> unknowns, boolean dataOnly) {
        String moduleAddress = module.path("address").asText("");
        JsonNode resources = module.path("resources");
        for (int i = 0; i < resources.size(); i++) {
            JsonNode r = resources.get(i);
            String mode = r.path("mode").asText("managed");
            String address = r.path("address").asText();
            if (dataOnly && (!"data".equals(mode) || find(address).isPresent())) {
                continue;
            }
            String configAddress = ("data".equals(mode) ? "data." : "") + r.path("type").asText() + "." + r.path("name").asText();
            instances.add(new Instance(address, moduleAddress, mode, r.path("type").asText(), configAddress, r.get("index"),
                    r.path("values"), unknowns.getOrDefault(address, com.fasterxml.jackson.databind.node.MissingNode.getInstance()),
                    config(moduleAddress, configAddress), pointer + "/resources/" + i));
        }
        JsonNode children = module.path("child_modules");
        for (int i = 0; i < children.size(); i++) {
            walk(children.get(i), pointer + "/child_modules/" + i, unknowns, dataOnly);
        }
    }

    /** The configuration block of a resource; module instance keys ({@code module.x["a"]}) share one. */
    private JsonNode config(String moduleAddress, String configAddress) {
        JsonNode module = configByModule.get(moduleAddress.replaceAll("\\[[^\\]]*]", ""));
        if (module != null) {
            for (JsonNode r : module.path("resources")) {
                if (r.path("address").asText().equals(configAddress)) {
                    return r;
                }
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    JsonFile file() {
        return file;
    }

    List<Instance> ofType(String type) {
        return instances.stream().filter(i -> i.type().equals(type)).toList();
    }

    Optional<Instance> find(String address) {
        return instances.stream().filter(i -> i.address().equals(address)).findFirst();
    }

    /** The source directory of the module an instance is in ("root module" for the root). */
    String moduleDirectory(Instance instance) {
        if (instance.module().isEmpty()) {
            return "root module";
        }
        String[] parts = instance.module().replaceAll("\\[[^\\]]*]", "").split("\\.");
        JsonNode module = file.tree().path("configuration").path("root_module");
        JsonNode call = null;
        for (int i = 0; i + 1 < parts.length; i += 2) {
            call = module.path("module_calls").path(parts[i + 1]);
            module = call.path("module");
        }
        return call == null || !call.has("source") ? instance.module() : "module " + call.path("source").asText();
    }

    /** An attribute, e.g. ("key_size") or ("identity", 0, "principal_id"). */
    static Value value(Instance instance, Object... path) {
        JsonNode node = instance.values();
        JsonNode unknown = instance.afterUnknown();
        JsonNode expression = instance.config().path("expressions");
        for (Object step : path) {
            node = step instanceof Integer i ? node.path(i) : node.path((String) step);
            unknown = step instanceof Integer i ? unknown.path(i) : unknown.path((String) step);
            expression = step instanceof Integer i ? expression.path(i) : expression.path((String) step);
        }
        List<String> references = new ArrayList<>();
        expression.path("references").forEach(r -> references.add(r.asText()));
        if (unknown.isBoolean() && unknown.booleanValue()) {
            return new Value(null, true, references);
        }
        return new Value(node.isMissingNode() ? null : node, false, references);
    }

    /** A reference followed to a resource, and the reference as the resource's own module writes it. */
    record Resolved(Instance instance, String reference) {
    }

    /** {@code module.NAME[index].OUTPUT...}: a child module's output. */
    private static final Pattern MODULE_OUTPUT = Pattern.compile(
            "^module\\.([A-Za-z_][A-Za-z0-9_-]*)(\\[[^\\]]*])?\\.([A-Za-z_][A-Za-z0-9_-]*).*$");
    /** {@code var.NAME...}: a module's input, set by its call in the parent module. */
    private static final Pattern VARIABLE = Pattern.compile("^var\\.([A-Za-z_][A-Za-z0-9_-]*).*$");
    /** Module nesting and output chains deeper than this are not followed (a cycle would be an error in Terraform). */
    private static final int MAX_HOPS = 16;

    /**
     * The instances a reference names, seen from the instance whose expression makes it: in the
     * same module; {@code [each.key]}/{@code [count.index]} pick the instance with the referrer's
     * own key, {@code each.value} stands for the for_each's own resource. A child module's output
     * ({@code module.kv.key_id}) and a module's input ({@code var.key_id}) are followed through the
     * configuration (the output's expression, the module call's argument) to the resources they read.
     * Empty when it names no resource of the plan.
     */
    List<Instance> resolve(Instance from, String reference) {
        return follow(from, reference).stream().map(Resolved::instance).toList();
    }

    /** As {@link #resolve}, with the reference each instance was reached by (its attribute tells id from versionless_id). */
    List<Resolved> follow(Instance from, String reference) {
        List<Resolved> out = new ArrayList<>();
        follow(from, from.module(), reference, 0, out);
        return out;
    }

    private void follow(Instance from, String module, String reference, int hops, List<Resolved> out) {
        if (hops > MAX_HOPS) {
            return;
        }
        Matcher output = MODULE_OUTPUT.matcher(reference);
        if (output.matches()) {
            String index = output.group(2);
            if (index != null && (index.contains("each.key") || index.contains("count.index"))) {
                index = from.index() == null ? index : "[" + from.index() + "]";
            }
            String child = (module.isEmpty() ? "" : module + ".") + "module." + output.group(1) + (index == null ? "" : index);
            JsonNode config = configByModule.get(withoutIndexes(child));
            if (config != null) {
                for (JsonNode r : config.path("outputs").path(output.group(3)).path("expression").path("references")) {
                    follow(from, child, r.asText(), hops + 1, out);
                }
            }
            return;
        }
        Matcher variable = VARIABLE.matcher(reference);
        if (variable.matches()) {
            int at = module.lastIndexOf("module.");
            if (at < 0) {
                return; // a root variable: its value is in the plan's variables, not a resource
            }
            String parent = at == 0 ? "" : module.substring(0, at - 1);
            String call = withoutIndexes(module.substring(at + "module.".length()));
            JsonNode config = configByModule.get(withoutIndexes(parent));
            if (config != null) {
                for (JsonNode r : config.path("module_calls").path(call).path("expressions").path(variable.group(1))
                        .path("references")) {
                    follow(from, parent, r.asText(), hops + 1, out);
                }
            }
            return;
        }
        String ref = reference;
        if (ref.startsWith("each.value")) {
            if (!module.equals(from.module())) {
                return;
            }
            Optional<String> over = forEachResource(from);
            if (over.isEmpty()) {
                return;
            }
            ref = over.get() + "[each.key]" + ref.substring("each.value".length());
        }
        Matcher m = REFERENCE.matcher(ref);
        if (!m.matches()) {
            return;
        }
        String target = m.group(1);
        String index = m.group(2);
        String written = ref;
        List<Instance> candidates = instances.stream()
                .filter(i -> i.module().equals(module) && i.configAddress().equals(target)).toList();
        if (index != null) {
            String inner = index.substring(1, index.length() - 1).strip();
            if (inner.equals("each.key") || inner.equals("count.index")) {
                candidates = candidates.stream().filter(i -> i.index() != null && i.index().equals(from.index())).toList();
            } else {
                candidates = candidates.stream().filter(i -> i.index() != null
                        && (i.index().asText().equals(inner) || ("\"" + i.index().asText() + "\"").equals(inner))).toList();
            }
        }
        for (Instance i : candidates) {
            if (out.stream().noneMatch(r -> r.instance().equals(i))) {
                out.add(new Resolved(i, written));
            }
        }
    }

    private static String withoutIndexes(String moduleAddress) {
        return moduleAddress.replaceAll("\\[[^\\]]*]", "");
    }

    /** The first reference of an attribute that names resources of the given types, resolved. */
    List<Instance> resolveFirst(Instance from, Value value, String... types) {
        for (String reference : value.references()) {
            List<Instance> found = resolve(from, reference).stream()
                    .filter(i -> List.of(types).contains(i.type())).toList();
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    /** The attribute a reference reads after the resource, e.g. "versionless_id"; "" when none. */
    static String attributeOf(String reference) {
        Matcher m = REFERENCE.matcher(reference);
        return m.matches() && m.group(3) != null ? m.group(3) : "";
    }

    private Optional<String> forEachResource(Instance from) {
        for (JsonNode r : from.config().path("for_each_expression").path("references")) {
            Matcher m = REFERENCE.matcher(r.asText());
            if (m.matches()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    int line(Instance instance, String attribute) {
        String pointer = instance.pointer() + "/values" + (attribute.isEmpty() ? "" : "/" + LineIndex.escape(attribute));
        return file.lines().line(file.lines().existing(pointer));
    }
}
