package dev.dicomcmk.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.model.Text;
import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.Requirement;
import dev.dicomcmk.requirements.Verdict;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Reports as SARIF 2.1.0 for code scanning (GitHub, Azure DevOps): one run whose driver lists
 * every requirement as a rule, and one result per FAIL ({@code error}) or WARN ({@code warning},
 * or {@code error} when strict). PASS and SKIP are not problems, so they are not results, except a SKIP of
 * something that could not be read under strict: that fails the run, so it is an error (with its skipKind).
 *
 * <p>A finding in a file (template check) points at the file and line and names its JSON pointer
 * as a logical location; a live check has no file, so it names the Azure resource instead.
 * {@code partialFingerprints} hash rule, subject and pointer so that re-uploads of the same
 * problem are recognised as the same alert even when its line moves.
 */
public final class SarifWriter {
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    static final String FINGERPRINT_KEY = "dicomCmkRuleSubjectPointer/v1";

    private final String toolVersion;
    private final String informationUri;
    private final boolean strict;

    /**
     * @param toolVersion    the dicom-cmk version, shown by code scanning next to each alert
     * @param informationUri where users read about the tool and its requirement ids
     * @param strict         report warnings at the error level, as {@code --strict} does for the exit code
     */
    public SarifWriter(String toolVersion, String informationUri, boolean strict) {
        this.toolVersion = toolVersion;
        this.informationUri = informationUri;
        this.strict = strict;
    }

    public void write(List<Report> reports, Writer out) {
        ObjectNode sarif = JsonOutput.mapper().createObjectNode();
        sarif.put("$schema", SCHEMA);
        sarif.put("version", "2.1.0");
        ObjectNode run = sarif.putArray("runs").addObject();
        run.set("tool", tool());
        ArrayNode results = run.putArray("results");
        for (Report report : reports) {
            for (Finding f : report.findings()) {
                String level = level(f);
                if (level != null) {
                    results.add(result(report, f, level));
                }
            }
        }
        JsonOutput.writeTree(out, sarif);
    }

    private ObjectNode tool() {
        ObjectNode tool = JsonOutput.mapper().createObjectNode();
        ObjectNode driver = tool.putObject("driver");
        driver.put("name", "dicom-cmk");
        driver.put("version", toolVersion);
        driver.put("informationUri", informationUri);
        ArrayNode rules = driver.putArray("rules");
        for (Requirement r : Requirement.values()) {
            ObjectNode rule = rules.addObject();
            rule.put("id", r.id());
            rule.put("name", pascalCase(r.title()));
            rule.putObject("shortDescription").put("text", r.title());
            rule.putObject("fullDescription").put("text", r.source());
            rule.putObject("help").put("text", r.remedy());
            // the catalogue has no severity of its own: any requirement not met blocks CMK
            rule.putObject("defaultConfiguration").put("level", "error");
        }
        return tool;
    }

    private ObjectNode result(Report report, Finding f, String level) {
        ObjectNode result = JsonOutput.mapper().createObjectNode();
        result.put("ruleId", f.requirement().id());
        result.put("ruleIndex", f.requirement().ordinal());
        result.put("level", level);
        result.putObject("message").put("text", Text.escapeControls(ReportView.shownDetail(f)) + " Fix: "
                + Text.escapeControls(f.remedy()));
        if (f.skipKind() != null) {
            result.putObject("properties").put("skipKind", f.skipKind().label());
        }
        ObjectNode location = result.putArray("locations").addObject();
        Finding.Location where = f.location();
        if (where != null) {
            ObjectNode physical = location.putObject("physicalLocation");
            physical.putObject("artifactLocation").put("uri", uriReference(where.file()));
            if (where.line() > 0) {
                physical.putObject("region").put("startLine", where.line());
            }
            if (where.jsonPointer() != null) {
                location.putArray("logicalLocations").addObject().put("fullyQualifiedName", where.jsonPointer());
            }
        } else {
            location.putArray("logicalLocations").addObject()
                    .put("fullyQualifiedName", report.subject())
                    .put("kind", "resource");
        }
        String pointer = where == null || where.jsonPointer() == null ? "" : where.jsonPointer();
        result.putObject("partialFingerprints")
                .put(FINGERPRINT_KEY, fingerprint(f.requirement().id(), report.subject(), pointer));
        return result;
    }

    private String level(Finding f) {
        if (f.fails(strict)) {
            return "error";
        }
        return f.verdict() == Verdict.WARN ? "warning" : null;
    }

    /** "Key URL names a key version" -> "KeyUrlNamesAKeyVersion" (SARIF's rule name is an identifier). */
    static String pascalCase(String title) {
        StringBuilder b = new StringBuilder();
        for (String word : title.split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                b.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1).toLowerCase(Locale.ROOT));
            }
        }
        return b.toString();
    }

    /**
     * The path as the user gave it, with forward slashes and characters a URI reference cannot
     * hold (spaces, {@code #}) percent-encoded; SARIF's artifactLocation.uri is a URI reference.
     */
    static String uriReference(String path) {
        String slashed = path.replace('\\', '/');
        try {
            return new URI(null, null, slashed, null).toASCIIString();
        } catch (URISyntaxException e) {
            // a relative path with a colon in its first segment; keep it as given rather than fail the report
            return slashed;
        }
    }

    static String fingerprint(String ruleId, String subject, String pointer) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] hash = sha.digest((ruleId + '\n' + subject + '\n' + pointer).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
