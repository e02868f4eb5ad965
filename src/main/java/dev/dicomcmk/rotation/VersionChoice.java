package dev.dicomcmk.rotation;

import dev.dicomcmk.model.Durations;
import dev.dicomcmk.model.KeyFacts;
import dev.dicomcmk.model.KeyFacts.KeyVersionFacts;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Pure decisions about key versions: is the current one due, which existing one is the newest usable. */
public final class VersionChoice {

    private VersionChoice() {
    }

    /** "not due: current version is 41 days old" when it is younger than the threshold, else empty. */
    public static Optional<String> notDue(Instant created, Instant now, Duration ifOlderThan) {
        if (ifOlderThan == null || created == null) {
            return Optional.empty();
        }
        Duration age = Duration.between(created, now);
        if (age.compareTo(ifOlderThan) >= 0) {
            return Optional.empty();
        }
        return Optional.of("not due: current version is " + Durations.human(age) + " old (--if-older-than "
                + Durations.human(ifOlderThan) + ")");
    }

    /**
     * The newest version that is enabled, already valid and not expired: what a Key Vault rotation
     * policy made last and the service can use.
     */
    public static Optional<KeyVersionFacts> newestUsable(List<KeyVersionFacts> versions, Instant now) {
        return versions.stream()
                .filter(KeyVersionFacts::enabled)
                .filter(v -> v.notBefore() == null || !v.notBefore().isAfter(now))
                .filter(v -> v.expires() == null || v.expires().isAfter(now))
                .max(Comparator.comparing(KeyVersionFacts::created, Comparator.nullsFirst(Comparator.naturalOrder())));
    }
}
