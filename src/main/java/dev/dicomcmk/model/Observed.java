package dev.dicomcmk.model;

import java.util.Objects;
import java.util.function.Function;

/**
 * A fact as far as it could be observed: either its value, or the reason it could not be
 * read (forbidden, blocked by a firewall, not determinable offline, not asked for). The checker
 * turns an unknown fact into a SKIP that quotes the reason, never into a guess.
 */
public record Observed<T>(T value, String unknownReason) {

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
