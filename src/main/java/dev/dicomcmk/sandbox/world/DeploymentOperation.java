package dev.dicomcmk.sandbox.world;

import com.fasterxml.jackson.databind.JsonNode;

/** One resource write a deployment made, as GET …/deployments/{name}/operations lists it. */
public final class DeploymentOperation {
    public String operationId;
    public String provisioningOperation = "Create";
    public String provisioningState;
    public long timestamp;
    public String trackingId;
    /** OK, Created, BadRequest, NotFound, Conflict… (ARM spells the HTTP status as its enum name). */
    public String statusCode;
    public JsonNode error;
    public String targetId;
    public String targetType;
    public String targetName;
}
