package dev.dicomcmk.requirements;

import dev.dicomcmk.model.CmkFacts;
import dev.dicomcmk.model.Durations;
import dev.dicomcmk.model.KeyFacts;
import dev.dicomcmk.model.KeyFacts.KeyVersionFacts;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.SkipKind;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static dev.dicomcmk.requirements.Finding.fail;
import static dev.dicomcmk.requirements.Finding.notApplicable;
import static dev.dicomcmk.requirements.Finding.pass;
import static dev.dicomcmk.requirements.Finding.skip;
import static dev.dicomcmk.requirements.Finding.warn;
import static dev.dicomcmk.requirements.Requirement.KEY_AUTO_ROTATION_GAP;
import static dev.dicomcmk.requirements.Requirement.KEY_ENABLED;
import static dev.dicomcmk.requirements.Requirement.KEY_EXPIRY_HORIZON;
import static dev.dicomcmk.requirements.Requirement.KEY_LOCATION;
import static dev.dicomcmk.requirements.Requirement.KEY_OLD_VERSIONS_ENABLED;
import static dev.dicomcmk.requirements.Requirement.KEY_OPS;
import static dev.dicomcmk.requirements.Requirement.KEY_ROTATION_AGE;
import static dev.dicomcmk.requirements.Requirement.KEY_SIZE;
import static dev.dicomcmk.requirements.Requirement.KEY_TYPE;
import static dev.dicomcmk.requirements.Requirement.KEY_URL_VERSIONED;

/** The KEY-* requirements: the key URL, the key version's properties, and its other versions. */
final class KeyChecks {

    private final CmkFacts facts;
    private final CheckSettings settings;
    private final Remedies remedies;

    KeyChecks(CmkFacts facts, CheckSettings settings) {
        this.facts = facts;
        this.settings = settings;
        this.remedies = new Remedies(facts);
    }

    Finding urlVersioned() {
        if (!facts.keyUrlText().isKnown()) {
            // a live service without a key URL has no customer-managed key: that fails, as a template without one does
            return facts.offline() ? skip(KEY_URL_VERSIONED, facts.keyUrlText(), facts)
                    : fail(KEY_URL_VERSIONED, facts.keyUrlText().unknownReason());
        }
        if (!facts.keyUrl().isKnown()) {
            return fail(KEY_URL_VERSIONED, "the key URL '" + facts.keyUrlText().value() + "' is not a key identifier: "
                    + facts.keyUrl().unknownReason());
        }
        KeyUrl url = facts.keyUrl().value();
        if (!url.isVersioned()) {
            return fail(KEY_URL_VERSIONED, url.url() + " names no version; the DICOM service needs a versioned key URL",
                    remedies.versionedUrl());
        }
        return pass(KEY_URL_VERSIONED, "version " + url.version());
    }

    Finding location() {
        if (!facts.keyUrl().isKnown()) {
            return skip(KEY_LOCATION, "no key URL to locate (" + facts.keyUrl().unknownReason() + ")",
                    facts.skipKindOf(facts.keyUrl()));
        }
        KeyUrl url = facts.keyUrl().value();
        if (facts.vault().isOfflineUnknown()) {
            return skip(KEY_LOCATION, facts.vault(), facts);
        }
        if (!facts.vault().isKnown()) {
            return warn(KEY_LOCATION, url.kind().displayName() + " '" + url.vaultName() + "' could not be read: "
                    + facts.vault().unknownReason() + "; the vault requirements cannot be checked");
        }
        var vault = facts.vault().value();
        return pass(KEY_LOCATION, url.kind().displayName() + " " + vault.name()
                + (vault.location() == null ? "" : " in " + vault.location()));
    }

    Finding type() {
        if (!facts.key().isKnown()) {
            return skip(KEY_TYPE, facts.key(), facts);
        }
        String kty = facts.key().value().kty();
        if ("RSA".equals(kty) || "RSA-HSM".equals(kty)) {
            return pass(KEY_TYPE, kty);
        }
        return fail(KEY_TYPE, describe(facts.key().value()) + "; the DICOM service accepts RSA or RSA-HSM",
                remedies.newRsaKey(KEY_TYPE));
    }

    Finding size() {
        if (!facts.key().isKnown()) {
            return skip(KEY_SIZE, facts.key(), facts);
        }
        KeyFacts key = facts.key().value();
        if (!isRsa(key) || key.sizeBits() == null) {
            // an EC key's size is its curve's; some JWKs report one, which is not an RSA size
            return notApplicable(KEY_SIZE, "not applicable: " + describe(key) + " has no RSA modulus (see KEY-TYPE)");
        }
        if (key.sizeBits() == 2048 || key.sizeBits() == 3072) {
            return pass(KEY_SIZE, key.kty() + " " + key.sizeBits() + " bits");
        }
        return fail(KEY_SIZE, key.kty() + " " + key.sizeBits() + " bits; the DICOM service accepts 2048 or 3072",
                remedies.newRsaKey(KEY_SIZE));
    }

    Finding enabled() {
        if (!facts.key().isKnown()) {
            if (!facts.keyNotFound()) {
                return skip(KEY_ENABLED, facts.key(), facts);
            }
            // only a vault that exists can hold the key among its deleted keys
            return fail(KEY_ENABLED, facts.key().unknownReason() + (facts.vault().isKnown()
                    ? " (deleted? look among the vault's deleted keys)"
                    : "; the vault could not be found either (" + facts.vault().unknownReason() + ")"),
                    remedies.keyNotFound());
        }
        KeyFacts key = facts.key().value();
        Instant now = facts.now();
        if (!key.enabled()) {
            return fail(KEY_ENABLED, "version " + key.url().version() + " is disabled"
                    + (key.updated() == null ? "" : " (last updated " + key.updated() + ")"), remedies.enableVersion());
        }
        if (key.notBefore() != null && key.notBefore().isAfter(now)) {
            return fail(KEY_ENABLED, "version " + key.url().version() + " is not valid before " + key.notBefore(),
                    remedies.validFromNow());
        }
        if (key.expires() != null && !key.expires().isAfter(now)) {
            return fail(KEY_ENABLED, "version " + key.url().version() + " expired on " + key.expires(),
                    remedies.rotateOrExtend(KEY_ENABLED));
        }
        return pass(KEY_ENABLED, "version " + key.url().version() + " is enabled");
    }

    Finding expiryHorizon() {
        if (!facts.key().isKnown()) {
            return skip(KEY_EXPIRY_HORIZON, facts.key(), facts);
        }
        Instant expires = facts.key().value().expires();
        if (expires == null) {
            return pass(KEY_EXPIRY_HORIZON, "no expiry date set");
        }
        Duration left = Duration.between(facts.now(), expires);
        if (left.isNegative() || left.isZero()) {
            return fail(KEY_EXPIRY_HORIZON, "expired " + Durations.human(left) + " ago (" + expires + ")",
                    remedies.rotateOrExtend(KEY_EXPIRY_HORIZON));
        }
        if (left.compareTo(settings.expiryHorizon()) < 0) {
            return warn(KEY_EXPIRY_HORIZON, "expires in " + Durations.human(left) + " (" + expires
                    + "), within the " + Durations.human(settings.expiryHorizon()) + " horizon",
                    remedies.rotateOrExtend(KEY_EXPIRY_HORIZON));
        }
        return pass(KEY_EXPIRY_HORIZON, "expires in " + Durations.human(left) + " (" + expires + ")");
    }

    Finding ops() {
        if (!facts.key().isKnown()) {
            return skip(KEY_OPS, facts.key(), facts);
        }
        List<String> ops = facts.key().value().keyOps();
        List<String> missing = java.util.stream.Stream.of("wrapKey", "unwrapKey")
                .filter(op -> ops.stream().noneMatch(op::equalsIgnoreCase)).toList();
        if (missing.isEmpty()) {
            return pass(KEY_OPS, "permits " + String.join(", ", ops));
        }
        // only RSA keys wrap: an EC key cannot be given the operations, it has to be replaced
        return fail(KEY_OPS, "does not permit " + String.join(" and ", missing)
                + (ops.isEmpty() ? "" : " (permits " + String.join(", ", ops) + ")")
                + (isRsa(facts.key().value()) ? "" : "; " + describe(facts.key().value()) + " keys cannot wrap"),
                isRsa(facts.key().value()) ? remedies.allowWrapOps() : remedies.newRsaKey(KEY_OPS));
    }

    Finding oldVersionsEnabled() {
        if (!facts.key().isKnown()) {
            return skip(KEY_OLD_VERSIONS_ENABLED, facts.key(), facts);
        }
        KeyFacts key = facts.key().value();
        if (!key.versions().isKnown()) {
            return skip(KEY_OLD_VERSIONS_ENABLED, "key versions could not be listed: ", key.versions(), facts);
        }
        Optional<KeyVersionFacts> current = find(key.versions().value(), key.url().version());
        Instant currentCreated = current.map(KeyVersionFacts::created).orElse(key.created());
        List<KeyVersionFacts> earlier = key.versions().value().stream()
                .filter(v -> !v.version().equals(key.url().version()))
                .filter(v -> currentCreated == null || v.created() == null || !v.created().isAfter(currentCreated))
                .toList();
        if (earlier.isEmpty()) {
            return pass(KEY_OLD_VERSIONS_ENABLED, "no earlier versions");
        }
        List<String> disabled = earlier.stream().filter(v -> !v.enabled()).map(KeyVersionFacts::version).toList();
        if (disabled.isEmpty()) {
            return pass(KEY_OLD_VERSIONS_ENABLED, "all " + earlier.size() + " earlier version(s) enabled");
        }
        return warn(KEY_OLD_VERSIONS_ENABLED, disabled.size() + " of " + earlier.size()
                + " earlier version(s) disabled: " + String.join(", ", disabled)
                + "; data encrypted with them is unreadable until they are enabled again", remedies.reenableVersions(disabled));
    }

    Finding rotationAge() {
        if (!facts.key().isKnown()) {
            return skip(KEY_ROTATION_AGE, facts.key(), facts);
        }
        Instant created = facts.key().value().created();
        if (created == null) {
            return skip(KEY_ROTATION_AGE, "Key Vault did not report when the version was created",
                    facts.offline() ? SkipKind.OFFLINE : SkipKind.UNREADABLE);
        }
        Duration age = Duration.between(created, facts.now());
        if (age.compareTo(settings.maxAge()) > 0) {
            return warn(KEY_ROTATION_AGE, "version is " + Durations.human(age) + " old, older than the "
                    + Durations.human(settings.maxAge()) + " maximum", remedies.rotate());
        }
        return pass(KEY_ROTATION_AGE, "version is " + Durations.human(age) + " old (maximum "
                + Durations.human(settings.maxAge()) + ")");
    }

    Finding autoRotationGap() {
        if (!facts.key().isKnown()) {
            return skip(KEY_AUTO_ROTATION_GAP, facts.key(), facts);
        }
        KeyFacts key = facts.key().value();
        if (facts.keyUrl().isKnown() && !facts.keyUrl().value().isVersioned()) {
            return notApplicable(KEY_AUTO_ROTATION_GAP, "the key URL names no version (see KEY-URL-VERSIONED)");
        }
        if (!key.versions().isKnown()) {
            return skip(KEY_AUTO_ROTATION_GAP, "key versions could not be listed: ", key.versions(), facts);
        }
        String who = facts.service().isKnown() ? "the service uses" : "this URL names";
        Optional<KeyVersionFacts> newest = key.versions().value().stream()
                .filter(KeyVersionFacts::enabled)
                .filter(v -> v.created() != null)
                .max(Comparator.comparing(KeyVersionFacts::created));
        String policy = policyNote(key);
        if (newest.isPresent() && !newest.get().version().equals(key.url().version())
                && (key.created() == null || newest.get().created().isAfter(key.created()))) {
            return warn(KEY_AUTO_ROTATION_GAP, who + " version " + key.url().version() + " but version "
                    + newest.get().version() + " (created " + newest.get().created() + ") is newer" + policy,
                    remedies.followNewest());
        }
        return pass(KEY_AUTO_ROTATION_GAP, "no enabled version is newer than the one " + (facts.service().isKnown() ? "the service uses" : "this URL names") + policy);
    }

    private static String policyNote(KeyFacts key) {
        if (!key.rotationPolicy().isKnown() || !key.rotationPolicy().value().autoRotates()) {
            return "";
        }
        var p = key.rotationPolicy().value();
        String when = p.rotateAfterCreate() != null ? p.rotateAfterCreate() + " after creation"
                : p.rotateBeforeExpiry() + " before expiry";
        return "; Key Vault rotates this key " + when + " and the service will not follow by itself";
    }

    private static Optional<KeyVersionFacts> find(List<KeyVersionFacts> versions, String version) {
        return versions.stream().filter(v -> v.version().equalsIgnoreCase(version)).findFirst();
    }

    static boolean isRsa(KeyFacts key) {
        return key.kty() != null && key.kty().toUpperCase(java.util.Locale.ROOT).startsWith("RSA");
    }

    /** "RSA-HSM 3072 bits", "EC P-256": an RSA key by its size, any other by its curve. */
    static String describe(KeyFacts key) {
        StringBuilder s = new StringBuilder(key.kty() == null ? "unknown key type" : key.kty());
        if (key.curve() != null) {
            s.append(' ').append(key.curve());
        }
        if (key.sizeBits() != null && isRsa(key)) {
            s.append(' ').append(key.sizeBits()).append(" bits");
        }
        return s.toString();
    }
}
