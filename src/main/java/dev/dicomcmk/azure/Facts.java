package dev.dicomcmk.azure;

import dev.dicomcmk.model.Observed;

import java.util.function.Supplier;

/**
 * Turns a read into an {@link Observed} fact: a read that was forbidden, blocked by a firewall,
 * refused for another tenant, not found or answered with something unreadable (not what was asked
 * for) becomes an unknown fact with the reason; anything
 * else (sign-in failure, throttling past retries, time-outs) is a real failure and propagates.
 */
final class Facts {

    private Facts() {
    }

    static <T> Observed<T> observe(String operation, Supplier<T> read) {
        try {
            T value = read.get();
            return value == null ? Observed.unknown(operation + ": nothing returned") : Observed.known(value);
        } catch (RuntimeException e) {
            AzureFailure f = AzureErrors.fromThrowable(operation, e);
            String reason = reasonIfSkippable(f);
            if (reason == null) {
                throw f;
            }
            return Observed.unknown(reason);
        }
    }

    /** The SKIP reason for failures that mean "could not look", or null for real failures. */
    static String reasonIfSkippable(AzureFailure f) {
        String code = f.code() == null ? "" : " " + f.code();
        return switch (f.kind()) {
            case FORBIDDEN -> "no permission to " + f.operation() + " (HTTP 403" + code + ")";
            case FIREWALL -> "blocked by the firewall for this machine: " + f.operation() + " (HTTP 403" + code + ")";
            case NOT_FOUND -> f.operation() + ": not found" + (f.getMessage() == null ? "" : " (" + f.getMessage() + ")");
            // the answer names its host: what stood in Azure's place is for the reader to find
            case UNREADABLE -> f.operation() + ": " + f.getMessage();
            case AUTHENTICATION -> "TenantNotAllowed".equals(f.code()) || f.status() == 401
                    ? "cannot " + f.operation() + ": " + f.getMessage() : null;
            default -> null;
        };
    }
}
