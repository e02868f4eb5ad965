package dev.dicomcmk.model;

import java.util.Objects;
import java.util.function.Function;

/**
 * A fact as far as it could be observed: either its value, or the reason it could not be
 * read (forbidden, blocked by a firewall, not determinable offline, not asked for). The checker
 * turns an unknown fact into a SKIP that quotes the reason, never into a guess.
 */
public record Observed<T>(T value, String unknownReason) {

    /** How a fact that only a deployment will decide is reported (templates checked offline). */
    public static final String NOT_DETERMINABLE_OFFLINE = "not determinable offline: ";

    public Observed {
        if ((value == null) == (unknownReason == null)) {
            throw new IllegalArgumentException("exactly one of value and unknownReason");
        }
    }

    public static <T> Observed<T> known(T value) {
        return new Observed<>(Objects.requireNonNull(value, "value"), null);
    }

    public static <T> Observed<T> unknown(String reason) {
        return new Observed<>(null, Objects.requireNonNull(reason, "reason"));
    }

    /** True when the fact is unknown only because it is decided at deployment time, not because a read failed. */
    public boolean isOfflineUnknown() {
        return unknownReason != null && unknownReason.startsWith(NOT_DETERMINABLE_OFFLINE);
    }

    public boolean isKnown() {
        return value != null;
    }

    public <R> Observed<R> map(Function<T, R> f) {
        if (!isKnown()) {
            return unknown(unknownReason);
        }
        R r = f.apply(value);
        return r == null ? unknown("not present") : known(r);
    }

    public T orElse(T other) {
        return isKnown() ? value : other;
    }
}
