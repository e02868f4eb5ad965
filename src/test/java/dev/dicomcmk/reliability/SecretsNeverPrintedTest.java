package dev.dicomcmk.reliability;

import dev.dicomcmk.cli.CliRunner;
import dev.dicomcmk.sandbox.FaultRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Answers that quote a secret — an identity provider echoing the rejected client secret, a
 * malformed token response, an ARM error quoting a bearer token — never get it printed: not in
 * the one-line error, not in the --debug HTTP log, not in the --debug stack trace of the
 * MSAL/azure-identity exception.
 */
class SecretsNeverPrintedTest {

    /** A JWT-shaped token the sandbox did not issue; "eyJ" is base64url of {" and starts every JWT. */
    private static final String TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWFrIn0.c2lnbmF0dXJlLWxlYWs";

    static Stream<Arguments> leakyAnswers() {
        return Stream.of(
                Arguments.of("Entra echoes the rejected secret", FaultRule.respond(401, Map.of(),
                        "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided: "
                                + "SECRET. Trace ID: 1\",\"error_codes\":[7000215]}").forPath(".*/oauth2/v2.0/token")),
                Arguments.of("a token response MSAL cannot read", FaultRule.respond(200, Map.of(),
                        "{\"token_type\":\"Bearer\",\"expires_in\":\"soon\",\"access_token\":\"" + TOKEN + "\"")
                        .forPath(".*/oauth2/v2.0/token")),
                Arguments.of("an ARM error quoting the request's token", FaultRule.respond(400, Map.of(),
                        "{\"error\":{\"code\":\"BadRequest\",\"message\":\"Header Authorization: Bearer " + TOKEN
                                + " is malformed; client_secret=SECRET\"}}").forHost("management\\.sandbox\\.test")
                        .forPath(CommandRow.SERVICE_PATH)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("leakyAnswers")
    void theSecretStaysOutOfEveryLineWithAndWithoutDebug(String name, FaultRule leaky) {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            String secret = s.sandbox.credentials().clientSecret();
            FaultRule rule = leaky.body() == null ? leaky : new FaultRule(leaky.method(), leaky.host(), leaky.path(),
                    leaky.action(), leaky.status(), leaky.headers(), leaky.body().replace("SECRET", secret), 0, null);
            s.inject(rule);
            for (List<String> global : List.of(List.<String>of(), List.of("--debug"))) {
                String[] args = Stream.concat(global.stream(), Stream.of("validate-key", "--service", CommandRow.SERVICE,
                        "-g", "demo-rg")).toArray(String[]::new);
                CliRunner.Result r = s.run(args);
                String all = r.out() + r.err();
                assertNotEquals(0, r.exitCode(), r.describe());
                assertFalse(all.contains(secret), "the client secret was printed\n" + r.describe());
                assertFalse(all.contains("eyJ"), "a token was printed\n" + r.describe());
                if (!global.isEmpty()) {
                    assertTrue(r.err().contains("debug: http"), "the --debug log is there\n" + r.describe());
                }
            }
        }
    }
}
