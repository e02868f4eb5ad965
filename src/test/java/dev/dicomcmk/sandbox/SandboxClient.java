package dev.dicomcmk.sandbox;

import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.azure.HttpClients;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Test helper: the real SDK pieces (credential, KeyClient, raw azure-core HTTP) pointed at a sandbox. */
final class SandboxClient {

    record Resp(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            try {
                return body.isEmpty() ? null : Json.MAPPER.readTree(body);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }
    }

    final Sandbox sandbox;
    final HttpClient http;
    final ClientSecretCredential credential;

    SandboxClient(Sandbox sandbox) {
        this(sandbox, Duration.ofSeconds(10));
    }

    SandboxClient(Sandbox sandbox, Duration timeout) {
        this.sandbox = sandbox;
        this.http = HttpClients.forCloud(sandbox.cloudProfile(), timeout);
        this.credential = credential(sandbox.credentials().clientSecret());
    }

    ClientSecretCredential credential(String secret) {
        return new ClientSecretCredentialBuilder().tenantId(sandbox.credentials().tenantId())
                .clientId(sandbox.credentials().clientId()).clientSecret(secret)
                .authorityHost("https://login.sandbox.test/").disableInstanceDiscovery().httpClient(http).build();
    }

    KeyClient keyClient(String vaultUrl) {
        return new KeyClientBuilder().vaultUrl(vaultUrl).credential(credential).httpClient(http).buildClient();
    }

    String token(String scope) {
        return credential.getTokenSync(new TokenRequestContext().addScopes(scope)).getToken();
    }

    Resp arm(String pathAndQuery) {
        return send("GET", "https://management.sandbox.test" + pathAndQuery, null,
                Map.of("Authorization", "Bearer " + token("https://management.sandbox.test/.default")));
    }

    Resp vault(String method, String url, String body) {
        String scope = url.contains(".managedhsm.") ? "https://managedhsm.sandbox.test/.default" : "https://vault.sandbox.test/.default";
        return send(method, url, body, Map.of("Authorization", "Bearer " + token(scope)));
    }

    Resp send(String method, String url, String body, Map<String, String> headers) {
        HttpRequest req = new HttpRequest(HttpMethod.valueOf(method), url);
        headers.forEach((k, v) -> req.setHeader(HttpHeaderName.fromString(k), v));
        if (body != null) {
            req.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
            req.setBody(body.getBytes(StandardCharsets.UTF_8));
        }
        try (HttpResponse resp = http.sendSync(req, Context.NONE)) {
            Map<String, String> h = new java.util.LinkedHashMap<>();
            resp.getHeaders().forEach(x -> h.put(x.getName(), x.getValue()));
            String text = resp.getBodyAsBinaryData() == null ? "" : resp.getBodyAsBinaryData().toString();
            return new Resp(resp.getStatusCode(), h, text == null ? "" : text);
        }
    }
}
