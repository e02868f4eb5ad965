package dev.dicomcmk.model;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A DICOM service: subscription, resource group, workspace and service name. */
public record ServiceId(String subscriptionId, String resourceGroup, String workspace, String name) {

    public static final String RESOURCE_TYPE = "Microsoft.HealthcareApis/workspaces/dicomservices";

    private static final Pattern ARM_ID = Pattern.compile(
            "/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.HealthcareApis/workspaces/([^/]+)/dicomservices/([^/]+)/?",
            Pattern.CASE_INSENSITIVE);
    /** https://portal.azure.com/#@tenant/resource/subscriptions/... (also portal.azure.us, portal.azure.cn). */
    private static final Pattern PORTAL_URL = Pattern.compile("https://portal\\.[^/#]+/?#(?:@[^/]*)?/resource(/subscriptions/.*)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ARM_ID_THEN_BLADE = Pattern.compile(
            "(/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.HealthcareApis/workspaces/[^/]+/dicomservices/[^/?#]+)(?:[/?#].*)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern RESOURCE_GROUP = Pattern.compile("[-\\w._()]{1,90}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{1,22}[A-Za-z0-9]");

    public String armId() {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.HealthcareApis/workspaces/" + workspace + "/dicomservices/" + name;
    }

    /** "workspace/dicom", how admins name a service. */
    public String shortName() {
        return workspace + "/" + name;
    }

    @Override
    public String toString() {
        return armId();
    }

    /**
     * Parses --service: a full ARM id, or WORKSPACE/DICOM together with resourceGroup and
     * subscriptionId (which may be null when the id is full).
     */
    public static ServiceId parse(String text, String resourceGroup, String subscriptionId) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("--service is empty; give WORKSPACE/DICOM with --resource-group, or the service's ARM id");
        }
        String t = text.strip();
        Matcher portal = PORTAL_URL.matcher(t);
        if (portal.matches()) {
            // what the address bar shows on the service's page: the ARM id after "/resource", then a blade
            Matcher inside = ARM_ID_THEN_BLADE.matcher(portal.group(1));
            if (inside.matches()) {
                t = inside.group(1);
            }
        }
        if (t.startsWith("/")) {
            Matcher m = ARM_ID.matcher(t);
            if (!m.matches()) {
                throw new InvalidInputException("--service '" + Text.shorten(t) + "' is not a DICOM service id; expected "
                        + "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.HealthcareApis/workspaces/<ws>/dicomservices/<name>");
            }
            if (subscriptionId != null && !subscriptionId.equalsIgnoreCase(m.group(1))) {
                throw new InvalidInputException("--service names subscription " + m.group(1) + " but --subscription is "
                        + subscriptionId + "; drop one of them");
            }
            if (resourceGroup != null && !resourceGroup.equalsIgnoreCase(m.group(2))) {
                throw new InvalidInputException("--service names resource group " + m.group(2) + " but --resource-group is "
                        + resourceGroup + "; drop one of them");
            }
            return of(m.group(1), m.group(2), m.group(3), m.group(4));
        }
        String[] parts = t.split("/", -1);
        if (parts.length != 2) {
            throw new InvalidInputException("--service '" + Text.shorten(t) + "' must be WORKSPACE/DICOM or a full ARM id");
        }
        if (resourceGroup == null || resourceGroup.isBlank()) {
            throw new InvalidInputException("--service " + Text.shorten(t) + " needs --resource-group (or give the full ARM id)");
        }
        if (subscriptionId == null || subscriptionId.isBlank()) {
            throw new InvalidInputException("no subscription: pass --subscription or set AZURE_SUBSCRIPTION_ID");
        }
        return of(subscriptionId, resourceGroup, parts[0], parts[1]);
    }

    public static ServiceId of(String subscriptionId, String resourceGroup, String workspace, String name) {
        requireSubscription(subscriptionId);
        if (!RESOURCE_GROUP.matcher(resourceGroup).matches() || resourceGroup.endsWith(".")) {
            throw new InvalidInputException("resource group '" + Text.shorten(resourceGroup)
                    + "' is invalid (1-90 letters, digits, '-', '_', '.', '(', ')'; not ending in '.')");
        }
        if (!NAME.matcher(workspace).matches()) {
            throw new InvalidInputException("workspace name '" + Text.shorten(workspace)
                    + "' is invalid (3-24 letters, digits and hyphens)");
        }
        if (!NAME.matcher(name).matches()) {
            throw new InvalidInputException("DICOM service name '" + Text.shorten(name)
                    + "' is invalid (3-24 letters, digits and hyphens)");
        }
        return new ServiceId(subscriptionId.toLowerCase(Locale.ROOT), resourceGroup, workspace, name);
    }

    public static String requireSubscription(String subscriptionId) {
        if (subscriptionId == null || !GUID.matcher(subscriptionId).matches()) {
            throw new InvalidInputException("subscription '" + Text.shorten(subscriptionId)
                    + "' is not a subscription id (a GUID such as 00000000-0000-0000-0000-000000000000)");
        }
        return subscriptionId.toLowerCase(Locale.ROOT);
    }

    public static boolean isGuid(String s) {
        return s != null && GUID.matcher(s).matches();
    }
}
