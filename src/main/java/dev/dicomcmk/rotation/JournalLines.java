package dev.dicomcmk.rotation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.model.Text;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The one place that decides whether a journal line may be used. A journal is a file anyone with
 * the owner's rights (or an older, buggier version, or a hand edit) may have written: every value
 * read back goes into a decision or an Azure URL (a deployment name into an ARM path, a key URL into
 * a deployment), so a line is used only when every value it holds is one this tool would have
 * written for this cloud. Any other line is skipped, with the reason, never half used.
 */
public final class JournalLines {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** ARM's rule for deployment names. */
    private static final Pattern DEPLOYMENT = Pattern.compile("[-A-Za-z0-9_.()]{1,64}");
    private static final Pattern ATTEMPT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int MAX_TEXT = 4096;

    private final String keyVaultSuffix;
    private final String managedHsmSuffix;

    /** Lines whose key URLs name vaults and HSMs of the cloud with these DNS suffixes. */
    public JournalLines(String keyVaultSuffix, String managedHsmSuffix) {
        this.keyVaultSuffix = keyVaultSuffix;
        this.managedHsmSuffix = managedHsmSuffix;
    }

    /** A line read back: the entry when it is usable, else why not. */
    public record Read(JournalEntry entry, String problem) {
        public boolean usable() {
            return entry != null;
        }
    }

    /** Parses and checks one line (without its newline). */
    public Read read(String line) {
        JournalEntry e;
        try {
            e = JSON.readValue(line, JournalEntry.class);
        } catch (IOException unreadable) {
            return new Read(null, "not a journal record (torn by a crash or a full disk, or edited by hand)");
        }
        if (e == null) {
            return new Read(null, "not a journal record");
        }
        String problem = problem(e);
        return problem == null ? new Read(e, null) : new Read(null, problem);
    }

    /** Null when every value of the entry is one this tool writes, else what is wrong. */
    public String problem(JournalEntry e) {
        if (e.time() == null || !isInstant(e.time())) {
            return "its time " + shown(e.time()) + " is not an ISO-8601 instant";
        }
        if (e.attempt() == null || !ATTEMPT.matcher(e.attempt()).matches()) {
            return "its attempt id " + shown(e.attempt()) + " is not one this tool writes";
        }
        if (e.service() == null || !isServiceId(e.service())) {
            return "its service " + shown(e.service()) + " is not a DICOM service's ARM id";
        }
        String key = badKey(e.oldKey());
        if (key == null) {
            key = badKey(e.newKey());
        }
        if (key != null) {
            return key;
        }
        if (e.deployment() != null && !DEPLOYMENT.matcher(e.deployment()).matches()) {
            return "its deployment name " + shown(e.deployment()) + " is not an ARM deployment name "
                    + "(1-64 letters, digits, '-', '_', '.', '(', ')')";
        }
        for (String text : new String[] {e.operator(), e.plan(), e.outcome()}) {
            if (text != null && (text.length() > MAX_TEXT || text.chars().anyMatch(Character::isISOControl))) {
                return "it holds control characters or an overlong text";
            }
        }
        return null;
    }

    private String badKey(String url) {
        if (url == null) {
            return null;
        }
        try {
            KeyUrl parsed = KeyUrl.parse(url, keyVaultSuffix, managedHsmSuffix);
            return parsed.url().equalsIgnoreCase(url) ? null
                    : "its key URL " + shown(url) + " is not written the way Key Vault writes it";
        } catch (InvalidInputException e) {
            return "its key URL " + shown(url) + " is not a key of this cloud's vaults (*." + keyVaultSuffix
                    + ", *." + managedHsmSuffix + ")";
        }
    }

    private static boolean isServiceId(String s) {
        if (!s.startsWith("/")) {
            return false;
        }
        try {
            return ServiceId.parse(s, null, null).armId().equalsIgnoreCase(s);
        } catch (InvalidInputException e) {
            return false;
        }
    }

    private static boolean isInstant(String s) {
        try {
            Instant.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** A hostile value shown in a warning: quoted, shortened, control characters escaped. */
    private static String shown(String value) {
        return value == null ? "(missing)" : "'" + Text.shorten(value) + "'";
    }
}
