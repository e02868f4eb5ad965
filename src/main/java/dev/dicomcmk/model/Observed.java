package dev.dicomcmk.model;

import java.util.Objects;
import java.util.function.Function;

/**
 * A fact as far as it could be observed: either its value, or the reason it could not be
 * read (forbidden, blocked by a firewall, not determinable offline, not asked for), with the kind of
 * that reason. The checker turns an unknown fact into a SKIP of that kind that quotes the reason,
 * never into a guess.
 */
public record Observed<T>(T value, String unknownReason, SkipKind unknownKind) {

    /** How a fact that only a deployment will decide is reported (templates checked offline). */
    public static final String NOT_DETERMINABLE_OFFLINE = "not determinable offline: ";

    public Observed {
        if ((value == null) == (unknownReason == null)) {
            throw new IllegalArgumentException("exactly one of value and unknownReason");
        }
        if ((unknownReason == null) != (unknownKind == null)) {
            throw new IllegalArgumentException("an unknown fact, and only an unknown one, has a kind");
        }
    }

    public static <T> Observed<T> known(T value) {
        return new Observed<>(Objects.requireNonNull(value, "value"), null, null);
    }

    /** A fact that could not be read (or, with the offline prefix, one only a deployment decides). */
    public static <T> Observed<T> unknown(String reason) {
        Objects.requireNonNull(reason, "reason");
        return new Observed<>(null, reason, reason.startsWith(NOT_DETERMINABLE_OFFLINE) ? SkipKind.OFFLINE
                : SkipKind.UNREADABLE);
    }

    /** A fact there is nothing to read for: not asked for, or not part of this check. */
    public static <T> Observed<T> notApplicable(String reason) {
        return new Observed<>(null, Objects.requireNonNull(reason, "reason"), SkipKind.NOT_APPLICABLE);
    }

    /** Unknown for the same reason, and of the same kind, as another unknown fact. */
    public static <T> Observed<T> unknownAs(Observed<?> other) {
        if (other.isKnown()) {
            throw new IllegalArgumentException("the fact is known");
        }
        return new Observed<>(null, other.unknownReason, other.unknownKind);
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
            return unknownAs(this);
        }
        R r = f.apply(value);
        return r == null ? unknown("not present") : known(r);
    }

    public T orElse(T other) {
        return isKnown() ? value : other;
    }
}
