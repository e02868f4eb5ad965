package dev.dicomcmk.template.expressions;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One resource of a template after evaluation.
 *
 * @param type        full resource type, e.g. Microsoft.HealthcareApis/workspaces/dicomservices
 * @param name        full name, e.g. ws1/dicom1 (child resources carry their parent's name)
 * @param id          the ARM id the resource will have
 * @param body        the evaluated PUT body: the declaration without type, apiVersion, name and the
 *                    deployment-only keys (dependsOn, condition, copy, resources, scope, comments)
 * @param dependsOn   the evaluated dependsOn entries, as written (ids or names)
 * @param jsonPointer where the declaration is in the template file, e.g. /resources/2
 */
public record ResolvedResource(String type, String apiVersion, String name, String id, JsonNode body,
                               List<String> dependsOn, String jsonPointer) {

    public ResolvedResource {
        dependsOn = List.copyOf(dependsOn);
    }
}
