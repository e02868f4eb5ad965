package dev.dicomcmk.cli;

import dev.dicomcmk.advice.Commands;

import dev.dicomcmk.azure.AzureFailure;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.Text;
import dev.dicomcmk.output.JsonOutput;
import dev.dicomcmk.output.OutputFormat;
import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Verdict;
import dev.dicomcmk.rotation.JournalEntry;
import dev.dicomcmk.rotation.KeepList;
import dev.dicomcmk.rotation.KeptVersion;
import dev.dicomcmk.rotation.RotationResult;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What rotate-key prints: one service in full, a fleet as a table, -q as one line per service, or one JSON document. */
final class RotationPrinter {

    record Row(String service, String outcome, int exitCode, String oldKey, String newKey, String deployment,
               String plan, String message, List<String> keepEnabled, List<KeptVersion> keepEnabledSources,
               String keepEnabledCaveat, List<String> whatIf, List<String> failedRequirements) {
    }

    record View(List<Row> services) {
    }

    record HistoryView(String service, List<JournalEntry> entries) {
    }

    private final DicomCmkCommand root;

    RotationPrinter(DicomCmkCommand root) {
        this.root = root;
    }

    static int exitCode(RotationResult r) {
        return switch (r.outcome()) {
            case SUCCEEDED, RESUMED, UP_TO_DATE, NOT_DUE, DRY_RUN -> ExitCode.OK.code();
            case REFUSED, PINNED -> ExitCode.REQUIREMENTS_NOT_MET.code();
            case CONFLICT, ROLLED_BACK, PENDING -> ExitCode.AZURE_FAILED.code();
            case LOCKED -> ExitCode.LOCKED.code();
            case FAILED -> r.cause() instanceof AzureFailure f ? ErrorHandlers.exitCodeOf(f).code()
                    : r.cause() instanceof InvalidInputException ? ExitCode.USAGE.code() : ExitCode.AZURE_FAILED.code();
        };
    }

    /**
     * Prints the results and answers the exit code: the worst of them. The results are data (stdout);
     * a run that did not end well also says so in one line on stderr, as every command does.
     */
    int print(List<RotationResult> results, boolean fleet) {
        return print(results, fleet, "rotate-key --all");
    }

    /** As above; {@code run} names the fleet's run in its one line on stderr (rotate-key --all, --from-event). */
    int print(List<RotationResult> results, boolean fleet, String run) {
        List<Row> rows = results.stream().map(RotationPrinter::row).toList();
        int exit = rows.stream().mapToInt(Row::exitCode).max().orElse(0);
        PrintWriter out = root.environment().out();
        if (root.global().output() == OutputFormat.JSON) {
            JsonOutput.write(out, "rotate-key", new View(rows), exit);
        } else if (root.global().quiet()) {
            rows.forEach(r -> out.println(shortName(r.service()) + ": " + Text.escapeControls(r.message())));
        } else if (fleet) {
            rows.forEach(r -> out.println(String.format("%-40s %-20s %s", shortName(r.service()), r.outcome(),
                    Text.escapeControls(r.message()))));
            out.println(rows.size() + " services: " + counts(rows));
        } else {
            rows.forEach(this::printOne);
        }
        out.flush();
        if (exit != ExitCode.OK.code()) {
            PrintWriter err = root.environment().err();
            String line = fleet ? fleetProblem(run, results, rows) : problem(results.get(0));
            err.println("dicom-cmk: " + Text.escapeControls(new ErrorHandlers.Redactor(root.environment().env()).redact(line)
                    .replaceAll("\\s*[\\r\\n]+\\s*", " ")));
            err.flush();
        }
        return exit;
    }

    /** {@code <operation> failed (<code>): <why> — <next step>} for one service that was not rotated. */
    static String problem(RotationResult r) {
        String op = "rotate key of " + baseName(r.service());
        String m = r.message();
        return switch (r.outcome()) {
            case REFUSED -> op + " refused: " + strip(m, "refused: ") + " — the FAIL lines say what to fix";
            case PINNED -> baseName(r.service()) + " " + m;
            case LOCKED -> op + " failed (Locked): " + strip(m, "locked: ");
            case CONFLICT -> op + " failed (Conflict): " + strip(m, "stopped: ");
            // the message names the deployment, says it goes on in Azure, and how to check it and go on
            case PENDING -> op + " failed (" + (r.cause() == null || r.cause() instanceof AzureFailure f
                    && f.kind() == AzureFailure.Kind.TIMEOUT ? "Timeout" : "Unconfirmed") + "): " + strip(m, JournalEntry.PENDING + ": ");
            case ROLLED_BACK -> op + " failed (RolledBack): " + m + " — the service is on its old key again; find out why "
                    + "before rotating again: " + Commands.dicomCmk("diagnose", r.service());
            case FAILED -> r.cause() instanceof InvalidInputException ? strip(m, "failed: ")
                    : op + " failed: " + strip(m, "failed: ") + (r.cause() instanceof AzureFailure f ? ErrorHandlers.hint(f) : "");
            default -> op + ": " + m;
        };
    }

    /** One line for a fleet: how many services were not rotated, and how to go on (their rows say why). */
    private static String fleetProblem(String run, List<RotationResult> results, List<Row> rows) {
        List<Row> bad = rows.stream().filter(r -> r.exitCode() != ExitCode.OK.code()).toList();
        if (bad.stream().allMatch(r -> r.outcome().equals(dev.dicomcmk.rotation.Outcome.PINNED.label()))) {
            // several events may name one service: count services, not rows
            long pinned = bad.stream().map(r -> r.service().toLowerCase(java.util.Locale.ROOT)).distinct().count();
            return run + ": " + pinned + (pinned == 1 ? " service is" : " services are") + " still on a key version that "
                    + "is near its expiry or expired — " + (pinned == 1 ? "its row says" : "their rows say") + " how to move "
                    + (pinned == 1 ? "it" : "them");
        }
        return run + " failed for " + bad.size() + " of " + results.size() + " services (" + counts(bad)
                + ") — their rows say why; rotate them again one at a time with --service";
    }

    private static String strip(String message, String prefix) {
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private void printOne(Row r) {
        PrintWriter out = root.environment().out();
        if (r.plan() != null) {
            out.println("plan: " + Text.escapeControls(r.plan()));
        }
        if (r.deployment() != null) {
            out.println("deployment: " + r.deployment());
        }
        if (!r.whatIf().isEmpty()) {
            out.println("what-if:");
            r.whatIf().forEach(l -> out.println("  " + l));
        }
        r.failedRequirements().forEach(f -> out.println("  FAIL " + Text.escapeControls(f)));
        out.println(Text.escapeControls(r.message()));
        if (!r.keepEnabledSources().isEmpty()) {
            out.println("keep these versions enabled (data encrypted with them still needs them):");
            r.keepEnabledSources().forEach(k -> {
                out.println("  " + k.keyUrl());
                k.sources().forEach(source -> out.println("      from " + Text.escapeControls(source)));
            });
            out.println("  (" + r.keepEnabledCaveat() + ")");
        }
    }

    void history(String service, List<JournalEntry> entries) {
        PrintWriter out = root.environment().out();
        if (root.global().output() == OutputFormat.JSON) {
            JsonOutput.write(out, "rotate-key", new HistoryView(service, entries), 0);
        } else if (entries.isEmpty()) {
            out.println("no rotations of " + shortName(service) + " in the journal");
        } else {
            for (JournalEntry e : entries) {
                out.println(String.format("%-28s %-16s %s -> %s  by %s%s%s", e.time(), Text.shorten(e.outcome()),
                        version(e.oldKey()), version(e.newKey()), e.operator(),
                        e.deployment() == null ? "" : "  " + e.deployment(),
                        e.action() == null ? "" : "  (" + e.commandName() + " " + e.action() + ")"));
            }
        }
        out.flush();
    }

    private static Row row(RotationResult r) {
        List<String> failed = r.check() == null ? List.of() : r.check().findings().stream()
                .filter(f -> f.verdict() == Verdict.FAIL).map(RotationPrinter::finding).toList();
        return new Row(r.service(), r.outcome().label(), exitCode(r), r.oldKey(), r.newKey(), r.deployment(), r.plan(),
                r.message(), r.keepEnabled().stream().map(KeptVersion::keyUrl).toList(), r.keepEnabled(),
                r.keepEnabled().isEmpty() ? null : KeepList.CAVEAT, r.whatIf(), failed);
    }

    private static String finding(Finding f) {
        return f.requirement().id() + ": " + f.detail();
    }

    private static String counts(List<Row> rows) {
        Map<String, Integer> byOutcome = new TreeMap<>();
        rows.forEach(r -> byOutcome.merge(r.outcome(), 1, Integer::sum));
        return String.join(", ", byOutcome.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList());
    }

    private static String baseName(String armId) {
        String[] p = armId.split("/");
        return p.length >= 2 ? p[p.length - 3] + "/" + p[p.length - 1] : armId;
    }

    private String shortName(String armId) {
        String[] p = armId.split("/");
        if (acrossSubscriptions && p.length >= 11) {
            // a fleet across subscriptions names each service's subscription and group
            return p[2] + "/" + p[4] + "/" + p[p.length - 3] + "/" + p[p.length - 1];
        }
        return p.length >= 2 ? p[p.length - 3] + "/" + p[p.length - 1] : armId;
    }

    private boolean acrossSubscriptions;

    /** Rows name each service's subscription and resource group (a fleet found across subscriptions). */
    void acrossSubscriptions() {
        this.acrossSubscriptions = true;
    }

    private static String version(String keyUrl) {
        if (keyUrl == null) {
            return "-";
        }
        String[] p = keyUrl.split("/");
        return p.length >= 2 ? p[p.length - 2] + "/" + p[p.length - 1] : keyUrl;
    }
}
