package dev.dicomcmk.template.expressions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Resolves a deployment template the way ARM would: binds parameters (value, else default;
 * type, allowedValues, lengths), evaluates variables on demand, and lists every resource with
 * its evaluated type, name, id and body, flattening child resources (which get their parent's
 * type and name prefixed) and inline nested deployments. Resources whose condition is false are
 * skipped. Each resource keeps the JSON pointer of its declaration, so findings can point at it.
 *
 * <p>Resources come back in deployment order (dependsOn first, otherwise declaration order), and
 * an optional {@link Listener} hears about each one before the next body is evaluated, so a
 * deployer can create it and answer a later reference() to it.
 */
public final class TemplateResolver {
    /** Keys of a resource declaration that steer the deployment and are not part of the PUT body. */
    private static final Set<String> DEPLOYMENT_KEYS = Set.of(
            "type", "apiversion", "name", "dependson", "condition", "copy", "resources", "scope", "comments");

    /** Called with each resource, in deployment order, as soon as it is resolved. */
    @FunctionalInterface
    public interface Listener {
        void resolved(ResolvedResource resource);
    }

    private final DeploymentScope scope;

    public TemplateResolver(DeploymentScope scope) {
        this.scope = scope;
    }

    public List<ResolvedResource> resolve(JsonNode template, JsonNode parameters) {
        return resolve(template, parameters, resource -> { });
    }

    public List<ResolvedResource> resolve(JsonNode template, JsonNode parameters, Listener listener) {
        if (template == null || !template.isObject()) {
            throw new ExpressionException("a template must be a JSON object");
        }
        TemplateContext context = new TemplateContext(scope, template, ParameterValues.read(parameters));
        context.validateParameters();
        List<ResolvedResource> out = new ArrayList<>();
        resolveTemplate(template, "", context, listener, out);
        return out;
    }

    private void resolveTemplate(JsonNode template, String pointer, TemplateContext context, Listener listener,
                                 List<ResolvedResource> out) {
        JsonNode resources = template.path("resources");
        if (resources.isObject()) {
            throw new UnsupportedExpressionException("languageVersion", "template at '" + pointer
                    + "' declares resources by symbolic name (languageVersion 2.0), which dicom-cmk does not evaluate");
        }
        List<ResourceHeader> headers = new ArrayList<>();
        collectHeaders(resources, pointer + "/resources", null, context, headers);
        for (ResourceHeader header : DeploymentOrder.sort(headers)) {
            ResolvedResource resource = new ResolvedResource(header.type(), header.apiVersion(), header.name(), header.id(),
                    body(header, context), header.dependsOn(), header.pointer());
            out.add(resource);
            listener.resolved(resource);
            if (isInlineDeployment(header)) {
                resolveNestedDeployment(header, context, listener, out);
            }
        }
    }

    private void collectHeaders(JsonNode resources, String pointer, ResourceHeader parent, TemplateContext context,
                                List<ResourceHeader> headers) {
        if (resources.isMissingNode() || resources.isNull()) {
            return;
        }
        if (!resources.isArray()) {
            throw new ExpressionException("'" + pointer + "' must be an array of resources");
        }
        for (int i = 0; i < resources.size(); i++) {
            JsonNode declaration = resources.get(i);
            String at = pointer + "/" + i;
            if (!isDeployed(declaration, at, context)) {
                continue;
            }
            ResourceHeader header = ResourceHeader.of(declaration, at, parent, context);
            headers.add(header);
            collectHeaders(declaration.path("resources"), at + "/resources", header, context, headers);
        }
    }

    /** condition false: skipped. A copy loop is not expanded: STRICT refuses it, LENIENT keeps one unresolved instance. */
    private static boolean isDeployed(JsonNode declaration, String at, TemplateContext context) {
        if (!declaration.isObject()) {
            throw new ExpressionException("resource at '" + at + "' is not a JSON object");
        }
        if (declaration.has("copy") && context.mode() == EvaluationContext.Mode.STRICT) {
            throw new UnsupportedExpressionException("copy", "resource at '" + at
                    + "' uses a copy loop, which dicom-cmk does not expand");
        }
        if (!declaration.has("condition")) {
            return true;
        }
        JsonNode condition = ArmExpressions.evaluateTree(declaration.get("condition"), context);
        if (ArmExpressions.unresolved(condition).isPresent()) {
            return true;
        }
        if (!condition.isBoolean()) {
            throw new ExpressionException("condition of resource at '" + at + "' is " + ArmValues.typeName(condition)
                    + ", not a bool");
        }
        return condition.booleanValue();
    }

    private static JsonNode body(ResourceHeader header, TemplateContext context) {
        ObjectNode source = ArmValues.NODES.objectNode();
        header.declaration().fields().forEachRemaining(field -> {
            if (!DEPLOYMENT_KEYS.contains(field.getKey().toLowerCase(Locale.ROOT))) {
                source.set(field.getKey(), field.getValue());
            }
        });
        if (!isInlineDeployment(header)) {
            return ArmExpressions.evaluateTree(source, context);
        }
        // The nested template is evaluated in its own scope below; its text stays as written here.
        JsonNode template = header.declaration().path("properties").path("template");
        ObjectNode properties = ((ObjectNode) source.get("properties")).deepCopy();
        properties.remove("template");
        source.set("properties", properties);
        ObjectNode body = (ObjectNode) ArmExpressions.evaluateTree(source, context);
        ((ObjectNode) body.get("properties")).set("template", template.deepCopy());
        return body;
    }

    private static boolean isInlineDeployment(ResourceHeader header) {
        return header.type().equalsIgnoreCase("Microsoft.Resources/deployments")
                && header.declaration().path("properties").path("template").isObject();
    }

    /**
     * Inner scope: the nested template has its own parameters (given by the outer template,
     * evaluated in the outer scope) and variables. Outer scope (ARM's default): the nested
     * template's expressions see the outer template's parameters and variables.
     */
    private void resolveNestedDeployment(ResourceHeader header, TemplateContext outer, Listener listener,
                                         List<ResolvedResource> out) {
        JsonNode properties = header.declaration().path("properties");
        if (properties.has("templateLink")) {
            throw new UnsupportedExpressionException("templateLink", "nested deployment at '" + header.pointer()
                    + "' links its template, which dicom-cmk does not fetch");
        }
        JsonNode nested = properties.path("template");
        String scopeName = properties.path("expressionEvaluationOptions").path("scope").asText("outer");
        DeploymentScope nestedScope = outer.scope().nested(header.name(),
                textOrNull(header.declaration().get("subscriptionId"), outer),
                textOrNull(header.declaration().get("resourceGroup"), outer));
        TemplateContext context;
        if (scopeName.equalsIgnoreCase("inner")) {
            JsonNode suppliedParameters = ArmExpressions.evaluateTree(properties.path("parameters"), outer);
            context = new TemplateContext(nestedScope, nested, ParameterValues.read(suppliedParameters));
            context.validateParameters();
        } else {
            context = outer;
        }
        resolveTemplate(nested, header.pointer() + "/properties/template", context, listener, out);
    }

    private static String textOrNull(JsonNode node, TemplateContext context) {
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode value = ArmExpressions.evaluateTree(node, context);
        return value.isTextual() && ArmExpressions.unresolved(value).isEmpty() ? value.textValue() : null;
    }
}
