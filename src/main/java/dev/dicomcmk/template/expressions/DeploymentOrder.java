package dev.dicomcmk.template.expressions;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Orders resources so that each comes after what it dependsOn, keeping declaration order
 * otherwise. A dependsOn entry may be a resource id, a full name ("kv/k"), or a type-qualified
 * name; comparisons ignore case, as ARM ids do. Entries naming nothing in the template are
 * left to ARM to judge (they may name resources of an outer template).
 */
final class DeploymentOrder {
    private DeploymentOrder() {
    }

    static List<ResourceHeader> sort(List<ResourceHeader> headers) {
        List<ResourceHeader> ordered = new ArrayList<>();
        Set<ResourceHeader> visiting = new LinkedHashSet<>();
        for (ResourceHeader header : headers) {
            visit(header, headers, ordered, visiting);
        }
        return ordered;
    }

    private static void visit(ResourceHeader header, List<ResourceHeader> all, List<ResourceHeader> ordered,
                              Set<ResourceHeader> visiting) {
        if (ordered.contains(header)) {
            return;
        }
        if (!visiting.add(header)) {
            List<String> cycle = new ArrayList<>();
            visiting.forEach(h -> cycle.add(h.pointer()));
            throw new ExpressionException("circular dependsOn between resources " + String.join(" -> ", cycle)
                    + " -> " + header.pointer());
        }
        for (String dependency : header.dependsOn()) {
            for (ResourceHeader candidate : all) {
                if (candidate != header && matches(candidate, dependency)) {
                    visit(candidate, all, ordered, visiting);
                }
            }
        }
        visiting.remove(header);
        ordered.add(header);
    }

    private static boolean matches(ResourceHeader resource, String dependency) {
        String d = trimSlash(dependency).toLowerCase(Locale.ROOT);
        String id = resource.id().toLowerCase(Locale.ROOT);
        String name = resource.name().toLowerCase(Locale.ROOT);
        return id.equals(d) || name.equals(d) || (d.contains("/") && id.endsWith("/" + d))
                || (resource.type() + "/" + resource.name()).toLowerCase(Locale.ROOT).equals(d);
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
