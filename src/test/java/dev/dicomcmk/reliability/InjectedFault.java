package dev.dicomcmk.reliability;

import dev.dicomcmk.sandbox.FaultRule;
import dev.dicomcmk.sandbox.RequestLog;
import dev.dicomcmk.sandbox.SandboxIds;

import java.util.List;
import java.util.Map;

/**
 * The faults of the matrix, each injected through the sandbox's fault API where a command first
 * meets Azure (its read of the DICOM service), at its write's long-running operation, or at Key
 * Vault. Each says what a run must end with: the exit code (DESIGN.md: 4 auth, 5 not found, 6 Azure
 * failed, timed out or throttled past retries; or the clean run's code when the fault is one the
 * tool must ride out) and a word the one-line message must carry.
 */
enum InjectedFault {

    THROTTLED_ONCE("429 once (Retry-After: 1)", Outcome.RECOVERS, null) {
        @Override
        List<FaultRule> rules(CommandRow row) {
            return List.of(FaultRule.respond(429, Map.of("Retry-After", "1"), null).forMethod("GET")
                    .forHost(MANAGEMENT).forPath(CommandRow.SERVICE_PATH).times(1));
        }
    },
    THROTTLED("429 past the retries", Outcome.AZURE_FAILED, "throttl") {
        @Override
        List<FaultRule> rules(CommandRow row) {
            return List.of(FaultRule.respond(429, Map.of("Retry-After", "1"), null).forMethod("GET")
                    .forHost(MANAGEMENT).forPath(CommandRow.SERVICE_PATH));
        }
    },
    SERVER_ERROR("500 past the retries", Outcome.AZURE_FAILED, "try again") {
        @Override
        List<FaultRule> rules(CommandRow row) {
            return List.of(FaultRule.respond(500, Map.of(), ARM_ERROR.formatted("InternalServerError",
                    "Encountered internal server error.")).forMethod("GET").forHost(MANAGEMENT)
                    .forPath(CommandRow.SERVICE_PATH));
        }
    },
    UNAVAILABLE_TWICE("503 twice", Outcome.RECOVERS, null) {
        @Override
        List<FaultRule> rules(CommandRow row) {
            return List.of(FaultRule.respond(503, Map.of(), ARM_ERROR.formatted("ServiceUnavailable",
                    "The service is unavailable.")).forMethod("GET").forHost(MANAGEMENT)
                    .forPath(CommandRow.SERVICE_PATH).times(2));
        }
    },
    UNAVAILABLE("503 past the retries", Outcome.AZURE_FAILED, "try again") {
        @Override
        List<FaultRule> rules(CommandRow row) {
            return List.of(FaultRule.respond(503, Map.of(), ARM_ERROR.formatted("ServiceUnavailable",
                    "The service is unavailable.")).forMethod("GET").forHost(MANAGEMENT)
                    .forPath(CommandRow.SERVICE_PATH));
        }
    },
    RESET("connection reset", Outcome.AZURE_FAILED, "cannot reach") {
        @Override
        List<FaultRule> rules(CommandRow row) {
            return List.of(FaultRule.reset().forMethod("GET").forHost(MANAGEMENT).forPath(CommandRow.SERVICE_PATH));
        }
    },
    STALL("answer stalls past --timeout 2s", Outcome.AZURE_FAILED, "--timeout") {
        @Override
        List<FaultRule> rules(CommandRow row) {
            return List.of(FaultRule.stall().forMethod("GET").forHost(MANAGEMENT).forPath(CommandRow.SERVICE_PATH));
        }

        @Override
        List<String> globalArgs() {
            return List.of("--timeout", "2s");
        }
    },
    LRO_FAILED("long-running operation Failed", Outcome.AZURE_FAILED, "failed") {
        @Override
        List<FaultRule> rules(CommandRow row) {
            return row.lro() == null ? null : lro(row, "{\"status\":\"Failed\",\"error\":{\"code\":\"DeploymentFailed\","
                    + "\"message\":\"At least one resource deployment operation failed.\"}}");
        }
    },
    LRO_STUCK("long-running operation stuck Running past --timeout 3s", Outcome.AZURE_FAILED, "--timeout") {
        @Override
        List<FaultRule> rules(CommandRow row) {
            return row.lro() == null ? null : lro(row, null);
        }

        @Override
        List<String> globalArgs() {
            return List.of("--timeout", "3s");
        }
    },
    TOKEN_EXPIRED("token expired mid-run at ARM (refused as ExpiredAuthenticationToken from then on)", Outcome.RECOVERS, null) {
        @Override
        List<FaultRule> rules(CommandRow row) {
            return List.of(FaultRule.expireToken().forMethod("GET").forHost(MANAGEMENT).forPath(CommandRow.SERVICE_PATH).times(1));
        }
    },
    KEY_VAULT_TOKEN_EXPIRED("token expired mid-run at Key Vault (refused with its challenge from then on)", Outcome.RECOVERS,
            null) {
        @Override
        List<FaultRule> rules(CommandRow row) {
            return row.keyVault() == CommandRow.KeyVault.NONE ? null
                    : List.of(FaultRule.expireToken().forHost(KEY_VAULT).times(1));
        }

        /** The expired token stays refused: Key Vault answers again only to a newly issued one. */
        @Override
        String unproven(SandboxRun s) {
            List<RequestLog.Entry> kv = s.sandbox.requestLog().entries().stream()
                    .filter(e -> e.host().matches(KEY_VAULT)).toList();
            return !kv.isEmpty() && kv.get(kv.size() - 1).status() / 100 == 2 ? null
                    : "Key Vault never answered again after it refused the expired token: " + kv;
        }
    },
    ARM_OTHER_TENANT("ARM 401: token of another tenant", Outcome.AUTH_FAILED, "sign in") {
        @Override
        List<FaultRule> rules(CommandRow row) {
            String message = "The access token is from the wrong issuer 'https://sts.windows.net/"
                    + SandboxIds.TENANT_ID + "/'. It must match the tenant 'https://sts.windows.net/"
                    + SandboxIds.OTHER_TENANT_ID + "/' associated with this subscription.";
            return List.of(FaultRule.respond(401, Map.of("WWW-Authenticate", "Bearer authorization_uri=\"https://login."
                            + "sandbox.test/" + SandboxIds.OTHER_TENANT_ID + "\", error=\"invalid_token\", "
                            + "error_description=\"" + message + "\""),
                    ARM_ERROR.formatted("InvalidAuthenticationTokenTenant", message))
                    .forMethod("GET").forHost(MANAGEMENT).forPath(CommandRow.SERVICE_PATH));
        }
    },
    KEY_VAULT_OTHER_TENANT("Key Vault challenge naming another tenant", Outcome.SKIPS_KEY_READS, "tenant") {
        @Override
        List<FaultRule> rules(CommandRow row) {
            return List.of(FaultRule.respond(401, Map.of("WWW-Authenticate", "Bearer authorization=\"https://login."
                            + "sandbox.test/" + SandboxIds.OTHER_TENANT_ID + "\", resource=\"https://vault.sandbox.test\""),
                    "{\"error\":{\"code\":\"Unauthorized\",\"message\":\"AKV10032: Invalid issuer.\"}}")
                    .forHost("demo-kv\\.vault\\.sandbox\\.test"));
        }
    };

    static final String MANAGEMENT = "management\\.sandbox\\.test";
    static final String KEY_VAULT = "demo-kv\\.vault\\.sandbox\\.test";
    static final String ARM_ERROR = "{\"error\":{\"code\":\"%s\",\"message\":\"%s\"}}";
    static final String INJECTED_OPERATION = "injected-operation";

    /** What a run with the fault must end with. */
    enum Outcome {
        /** the tool rides it out: the clean run's exit code */
        RECOVERS,
        /** exit 4 */
        AUTH_FAILED,
        /** the key cannot be read: its checks SKIP saying why, the rest of the run goes on (the clean run's code) */
        SKIPS_KEY_READS,
        /** exit 6 */
        AZURE_FAILED
    }

    final String label;
    final Outcome outcome;
    /** a word the one-line error must contain (lower case), naming the next step or the kind */
    final String mustSay;

    InjectedFault(String label, Outcome outcome, String mustSay) {
        this.label = label;
        this.outcome = outcome;
        this.mustSay = mustSay;
    }

    /** The reliability page's last column: what the output says and why. */
    String explanation() {
        return switch (this) {
            case THROTTLED_ONCE -> "retried after the Retry-After Azure asked for; the output is the clean run's";
            case THROTTLED -> "`<operation> failed (HTTP 429 TooManyRequests) … — Azure is throttling requests; try again later` "
                    + "after 3 retries";
            case SERVER_ERROR, UNAVAILABLE -> "`<operation> failed (HTTP 5xx <code>): … — try again; --debug shows every HTTP call`"
                    + " after 3 retries with exponential back-off";
            case UNAVAILABLE_TWICE -> "retried with back-off; the output is the clean run's";
            case RESET -> "`<operation> failed (NetworkError): cannot reach <host>: Connection reset — try again` after 3 retries";
            case STALL -> "`… (Timeout): … raise --timeout or try again` once --timeout is spent (a timed-out attempt is "
                    + "retried only while --timeout leaves room for a whole attempt)";
            case LRO_FAILED -> "`<operation> failed (<Azure's code>): <Azure's message>`; a failed deployment adds what the service "
                    + "reports now (read back) and how to list the deployment's operations; nothing is claimed as done";
            case LRO_STUCK -> "`… (Timeout): still Running after 3s; it goes on in Azure: check it there, or raise --timeout and "
                    + "run again`; a deployment adds what the service reports now; `rotate-key` journals the attempt as "
                    + "`pending: deployment <name> still Running after 3s; it goes on in Azure` (not failed), says how to check "
                    + "the deployment, and its next run records how it ended before it plans anew";
            case TOKEN_EXPIRED, KEY_VAULT_TOKEN_EXPIRED -> "a newly issued token is fetched past every cache and the request "
                    + "sent once more; the output is the clean run's";
            case ARM_OTHER_TENANT -> "`… (HTTP 401 InvalidAuthenticationTokenTenant): … — sign in again (az login) or check "
                    + "--auth, --tenant and the AZURE_* variables`";
            case KEY_VAULT_OTHER_TENANT -> "the key's checks SKIP with `it accepts sign-ins of tenant <id> only, and this run "
                    + "signs in to another tenant`; the rest of the run goes on";
        };
    }

    /** The rules to inject for this command, or null when the fault cannot reach it (no LRO, no Key Vault call). */
    abstract List<FaultRule> rules(CommandRow row);

    /**
     * What the run must show beyond its exit code and output for this fault to count as met the way
     * the table says (null when it does), read from the sandbox after the run.
     */
    String unproven(SandboxRun s) {
        return null;
    }

    /**
     * The write's operation is still Running when the run stops waiting: Azure goes on with it, so a
     * command that records outcomes must record this one as not known yet.
     */
    boolean leavesOperationRunning() {
        return this == LRO_STUCK;
    }

    /** Global options the fault needs (a short --timeout for the stalls). */
    List<String> globalArgs() {
        return List.of();
    }

    /** What this command must end with: the fault's outcome, unless the command is an exception to it. */
    Outcome outcome(CommandRow row) {
        CommandRow.Except e = row.except().get(this);
        return e == null ? outcome : e.outcome();
    }

    int expectedExit(CommandRow row) {
        return switch (outcome(row)) {
            case RECOVERS, SKIPS_KEY_READS -> row.cleanExit();
            case AUTH_FAILED -> 4;
            case AZURE_FAILED -> 6;
        };
    }

    /**
     * The write answers as Azure does when it starts an operation, and the operation then reports
     * {@code finalStatus} (or Running forever when null). The sandbox never sees the write, so the
     * service is exactly as before: what the output claims can be checked against it.
     */
    private static List<FaultRule> lro(CommandRow row, String finalStatus) {
        String base = "https://management.sandbox.test/subscriptions/" + SandboxIds.SUBSCRIPTION_ID;
        FaultRule start;
        FaultRule poll;
        String stillRunning = "{\"status\":\"Running\"}";
        if (row.lro().shape() == CommandRow.LroShape.LOCATION) {
            start = FaultRule.respond(202, Map.of("Location", base + "/operationresults/" + INJECTED_OPERATION
                    + "?api-version=2024-03-01", "Retry-After", "0"), null);
            poll = finalStatus == null ? FaultRule.respond(202, Map.of("Retry-After", "1"), null)
                    : FaultRule.respond(200, Map.of(), finalStatus);
        } else {
            start = FaultRule.respond(row.lro().method().equals("PUT") ? 201 : 202, Map.of("Azure-AsyncOperation",
                    base + "/providers/Microsoft.HealthcareApis/locations/westus2/operationresults/" + INJECTED_OPERATION
                            + "?api-version=2024-03-31"), "{\"properties\":{\"provisioningState\":\"Accepted\"}}");
            poll = FaultRule.respond(200, Map.of(), finalStatus == null ? stillRunning : finalStatus);
        }
        return List.of(start.forMethod(row.lro().method()).forHost(MANAGEMENT).forPath(row.lro().path()),
                poll.forMethod("GET").forHost(MANAGEMENT).forPath(".*/operationresults/" + INJECTED_OPERATION));
    }
}
