package dev.dicomcmk.sandbox.arm;

import java.util.List;
import java.util.Locale;

/**
 * The action and scope ARM authorizes a request as, derived from its method and path the way ARM
 * derives them: the resource type is the namespace after the last "/providers/" plus every other
 * segment after it ({@code Microsoft.HealthcareApis/workspaces/dicomservices}); GET is {@code read},
 * PUT and PATCH {@code write}, DELETE {@code delete}, a POST to {@code .../{verb}} is
 * {@code {type}/{verb}/action}. Paths without a provider are Microsoft.Resources' own
 * ({@code subscriptions/resourceGroups/...}). Scope: the resource the request names, or for a
 * collection or a POST action the resource (or group, or subscription) it hangs under.
 *
 * @param action null when ARM asks for no permission (the subscription list, tenant-level reads,
 *               the caller's own permissions)
 */
record ArmOperation(String action, String scope) {

    private static final java.util.Set<String> POLLS = java.util.Set.of("operationresults", "operationstatuses",
            "asyncoperations");

    static ArmOperation of(String method, String rawPath) {
        String path = rawPath.replaceAll("/+$", "");
        List<String> seg = List.of(path.replaceAll("^/+", "").split("/"));
        if (seg.size() < 2 || !seg.get(0).equalsIgnoreCase("subscriptions")) {
            return new ArmOperation(null, path); // "/subscriptions", tenant-level "/providers/..."
        }
        String verb = method.toUpperCase(Locale.ROOT);
        if (verb.equals("GET") && seg.stream().anyMatch(x -> POLLS.contains(x.toLowerCase(Locale.ROOT)))) {
            return new ArmOperation(null, path); // a poll of an operation: authorized when the operation was started
        }
        int p = lastProviders(seg);
        String namespace;
        List<String> rest;
        if (p >= 0) {
            namespace = seg.get(p + 1);
            rest = seg.subList(p + 2, seg.size());
        } else {
            namespace = "Microsoft.Resources";
            rest = seg;
        }
        if (namespace.equalsIgnoreCase("Microsoft.Authorization") && !rest.isEmpty()
                && rest.get(0).equalsIgnoreCase("permissions")) {
            return new ArmOperation(null, join(seg.subList(0, p))); // anyone may ask what they may do
        }
        if (rest.isEmpty()) {
            // GET /subscriptions/{s}/providers/{namespace}: the provider's registration
            return new ArmOperation("Microsoft.Resources/subscriptions/providers/read", join(seg.subList(0, 2)));
        }
        StringBuilder type = new StringBuilder(namespace);
        for (int i = 0; i < rest.size(); i += 2) {
            type.append('/').append(canonical(rest.get(i)));
        }
        boolean endsWithName = rest.size() % 2 == 0;
        String op;
        String scope;
        if (verb.equals("POST") && !endsWithName) {
            // .../{name}/{verb}: an action on the resource; the verb is the last "type" segment
            String t = type.toString();
            op = t.substring(0, t.lastIndexOf('/')) + "/" + rest.get(rest.size() - 1) + "/action";
            scope = join(seg.subList(0, seg.size() - 1));
        } else {
            op = type + "/" + switch (verb) {
                case "PUT", "PATCH" -> "write";
                case "DELETE" -> "delete";
                case "POST" -> "action";
                default -> "read";
            };
            // a top-level collection (.../providers/{ns}/{type}) is listed over the group or subscription above it
            scope = endsWithName ? path : rest.size() == 1 && p >= 0 ? join(seg.subList(0, p))
                    : join(seg.subList(0, seg.size() - 1));
        }
        return new ArmOperation(op, scope);
    }

    private static int lastProviders(List<String> seg) {
        for (int i = seg.size() - 2; i >= 2; i--) {
            if (seg.get(i).equalsIgnoreCase("providers")) {
                return i;
            }
        }
        return -1;
    }

    /** The casing Azure's operation names use for the Microsoft.Resources path segments. */
    private static String canonical(String segment) {
        return switch (segment.toLowerCase(Locale.ROOT)) {
            case "subscriptions" -> "subscriptions";
            case "resourcegroups" -> "resourceGroups";
            default -> segment;
        };
    }

    private static String join(List<String> seg) {
        return seg.isEmpty() ? "/" : "/" + String.join("/", seg);
    }
}
