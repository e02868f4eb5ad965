package dev.dicomcmk.sandbox.arm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.sandbox.http.Response;

/** ARM's error envelope {"error":{"code","message"}} and the standard messages ARM uses. */
final class ArmErrors {

    private ArmErrors() {
    }

    static Response error(int status, String code, String message) {
        ObjectNode e = Json.obj().put("code", code).put("message", message);
        return Response.json(status, Json.obj().set("error", e));
    }

    /**
     * ARM's refusal of a caller without the action (WIRE.md 10). For a service principal both names in the
     * message are its object id; the scope is the one the request was authorized at, as it was written.
     */
    static Response authorizationFailed(String objectId, String action, String scope) {
        return error(403, "AuthorizationFailed", "The client '" + objectId + "' with object id '" + objectId
                + "' does not have authorization to perform action '" + action + "' over scope '" + scope
                + "' or the scope is invalid. If access was recently granted, please refresh your credentials.");
    }

    static Response subscriptionNotFound(String sub) {
        return error(404, "SubscriptionNotFound", "The subscription '" + sub + "' could not be found.");
    }

    static Response resourceGroupNotFound(String rg) {
        return error(404, "ResourceGroupNotFound", "Resource group '" + rg + "' could not be found.");
    }

    /** typeAndName like "Microsoft.KeyVault/vaults/x" (child types: "Microsoft.HealthcareApis/workspaces/ws/dicomservices/d"). */
    static Response resourceNotFound(String typeAndName, String rg) {
        return error(404, "ResourceNotFound", "The Resource '" + typeAndName + "' under resource group '" + rg
                + "' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
    }
}
