package dev.dicomcmk.template.expressions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * resourceId and its siblings. A resource type ("Microsoft.KeyVault/vaults/keys") names its
 * provider namespace and one type segment per level; the name arguments give one name per level,
 * and the id interleaves them: .../providers/Microsoft.KeyVault/vaults/kv/keys/k. Like ARM we
 * tolerate a trailing slash in the type ("Microsoft.ManagedIdentity/userAssignedIdentities/",
 * as the docs' template writes it) and names given as "parent/child".
 */
final class ResourceIdFunctions {
    private ResourceIdFunctions() {
    }

    static void register(Map<String, ArmFunction> table) {
        table.put("resourceid", ResourceIdFunctions::resourceId);
        table.put("subscriptionresourceid", ResourceIdFunctions::subscriptionResourceId);
        table.put("tenantresourceid", c -> TextNode.valueOf(providerPath(c, 0)));
        table.put("extensionresourceid", c -> {
            c.expectCount(3, Integer.MAX_VALUE);
            String base = trimTrailingSlash(c.string(0));
            return TextNode.valueOf(base + providerPath(c, 1));
        });
    }

    /** resourceId([subscriptionId], [resourceGroupName], type, name1, [name2], ...). */
    private static JsonNode resourceId(Call c) {
        c.expectCount(2, Integer.MAX_VALUE);
        int typeIndex = typeIndex(c);
        EvaluationContext ctx = c.context();
        String subscription;
        String group;
        switch (typeIndex) {
            case 0 -> {
                subscription = ctx.subscriptionId();
                group = ctx.resourceGroupName();
            }
            case 1 -> {
                subscription = ctx.subscriptionId();
                group = c.string(0);
            }
            case 2 -> {
                subscription = c.string(0);
                group = c.string(1);
            }
            default -> throw c.error("takes at most a subscription id and a resource group name before the resource type");
        }
        return TextNode.valueOf("/subscriptions/" + subscription + "/resourceGroups/" + group + providerPath(c, typeIndex));
    }

    /** subscriptionResourceId([subscriptionId], type, name1, ...). */
    private static JsonNode subscriptionResourceId(Call c) {
        c.expectCount(2, Integer.MAX_VALUE);
        int typeIndex = typeIndex(c);
        if (typeIndex > 1) {
            throw c.error("takes at most a subscription id before the resource type");
        }
        String subscription = typeIndex == 1 ? c.string(0) : c.context().subscriptionId();
        return TextNode.valueOf("/subscriptions/" + subscription + providerPath(c, typeIndex));
    }

    /** The first argument containing '/' is the type: ids and group names never contain one. */
    private static int typeIndex(Call c) {
        for (int i = 0; i < c.count(); i++) {
            if (c.string(i).contains("/")) {
                return i;
            }
        }
        throw c.error("needs a resource type such as 'Microsoft.KeyVault/vaults'; no argument contains '/'");
    }

    /** "/providers/{namespace}/{type1}/{name1}/{type2}/{name2}..." from the type at typeIndex and the names after it. */
    private static String providerPath(Call c, int typeIndex) {
        if (typeIndex >= c.count()) {
            throw c.error("needs a resource type and at least one name");
        }
        List<String> typeSegments = segments(c.string(typeIndex));
        if (typeSegments.size() < 2) {
            throw c.error("got resource type '" + c.string(typeIndex) + "'; expected 'Namespace/type[/childType...]'");
        }
        List<String> names = new ArrayList<>();
        for (int i = typeIndex + 1; i < c.count(); i++) {
            List<String> parts = segments(c.string(i));
            if (parts.isEmpty()) {
                throw c.error("got an empty resource name (argument " + (i + 1) + ")");
            }
            names.addAll(parts);
        }
        int levels = typeSegments.size() - 1;
        if (names.size() != levels) {
            throw c.error("got " + names.size() + " resource name segment(s) for type '" + c.string(typeIndex) + "', which has "
                    + levels + " level(s)");
        }
        StringBuilder path = new StringBuilder("/providers/").append(typeSegments.get(0));
        for (int i = 0; i < levels; i++) {
            path.append('/').append(typeSegments.get(i + 1)).append('/').append(names.get(i));
        }
        return path.toString();
    }

    private static List<String> segments(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split("/")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
        return out;
    }

    private static String trimTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
