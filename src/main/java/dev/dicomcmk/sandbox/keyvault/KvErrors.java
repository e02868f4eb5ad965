package dev.dicomcmk.sandbox.keyvault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.sandbox.http.Response;

/** Key Vault's error envelope: {"error":{"code","message","innererror"?}}. */
final class KvErrors {

    private KvErrors() {
    }

    static Response error(int status, String code, String message) {
        ObjectNode e = Json.obj().put("code", code).put("message", message);
        return Response.json(status, Json.obj().set("error", e));
    }

    static Response forbidden(String message, String innerCode) {
        ObjectNode e = Json.obj().put("code", "Forbidden").put("message", message);
        e.set("innererror", Json.obj().put("code", innerCode));
        return Response.json(403, Json.obj().set("error", e));
    }
}
