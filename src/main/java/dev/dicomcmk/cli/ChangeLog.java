package dev.dicomcmk.cli;

import dev.dicomcmk.app.ChangeReport;
import dev.dicomcmk.model.AccessGrant;
import dev.dicomcmk.identity.IdentityPlan;
import dev.dicomcmk.model.ServiceFacts;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.model.Text;
import dev.dicomcmk.output.JsonOutput;
import dev.dicomcmk.output.OutputFormat;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * What a writing command planned and did, told as it happens: plan and results on stdout (or one
 * JSON document at the end), progress, notes and warnings on stderr. Whatever happened before a
 * failure has already been printed, so nothing is ever left half done without the output saying so.
 */
final class ChangeLog implements ChangeReport {

    record Action(String action, String target, String principalId, String detail, String outcome) {
    }

    record View(String service, String identityType, List<String> userAssigned, List<Action> planned,
                List<Action> done, List<String> warnings, List<String> notes, String result) {
    }

    private final DicomCmkCommand root;
    private final String command;
    private final ServiceId service;
    private final List<Action> planned = new ArrayList<>();
    private final List<Action> done = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private String identityType;
    private List<String> userAssigned = List.of();
    private String lastStatus;

    ChangeLog(DicomCmkCommand root, String command, ServiceId service) {
        this.root = root;
        this.command = command;
        this.service = service;
    }

    private boolean table() {
        return root.global().output() == OutputFormat.TABLE;
    }

    private PrintWriter out() {
        return root.environment().out();
    }

    private PrintWriter err() {
        return root.environment().err();
    }

    @Override
    public void plan(IdentityPlan plan) {
        identityType = plan.identityType();
        userAssigned = plan.userAssigned();
        if (plan.changesIdentity()) {
            planned.add(new Action("set-identity", service.shortName(), null, "identity type " + plan.identityType()
                    + (plan.userAssigned().isEmpty() ? "" : " with " + String.join(", ", plan.userAssigned())), null));
        }
        if (plan.grant() != null) {
            for (String target : plan.grantTo()) {
                planned.add(new Action("grant-key-access", label(target), null, plan.grant().describe(), null));
            }
        }
        if (table() && !root.global().quiet()) {
            out().println("plan for " + service.shortName() + ":");
            if (planned.isEmpty()) {
                out().println("  nothing to change (identity type " + plan.identityType() + ")");
            }
            planned.forEach(a -> out().println("  " + a.action() + "  " + Text.escapeControls(a.target()) + ": "
                    + Text.escapeControls(a.detail())));
            out().flush();
        }
    }

    /** A line about the run's own files (a journal moved, a line skipped, a file tightened), on stderr. */
    void say(String line) {
        err().println(dev.dicomcmk.model.Text.escapeControls(line));
        err().flush();
    }

    @Override
    public void progress(String status) {
        if (root.global().quiet() || status.equals(lastStatus)) {
            return;
        }
        lastStatus = status;
        root.progress().step(status);
    }

    @Override
    public void identityChanged(ServiceFacts after) {
        String detail = "identity type " + after.identityType()
                + (after.systemPrincipalId() == null ? "" : ", system-assigned principal " + after.systemPrincipalId());
        record(new Action("set-identity", service.shortName(), after.systemPrincipalId(), detail, "changed"));
    }

    @Override
    public void granted(String target, String principal, AccessGrant grant, boolean created) {
        record(new Action("grant-key-access", label(target), principal, grant.describe(),
                created ? "granted" : "already granted"));
    }

    private void record(Action a) {
        done.add(a);
        if (table()) {
            out().println(a.outcome() + ": " + Text.escapeControls(a.target())
                    + (a.principalId() == null ? "" : " (principal " + a.principalId() + ")") + " — "
                    + Text.escapeControls(a.detail()));
            out().flush();
        }
    }

    @Override
    public void note(String note) {
        notes.add(note);
        if (table() && !root.global().quiet()) {
            err().println("note: " + Text.escapeControls(note));
        }
    }

    @Override
    public void warning(String warning) {
        warnings.add(warning);
        if (table()) {
            err().println("warning: " + Text.escapeControls(warning));
        }
    }

    int finish(ExitCode code, String result) {
        if (table()) {
            if (result != null && !root.global().quiet()) {
                out().println(result);
            }
        } else {
            JsonOutput.write(out(), command, new View(service.armId(), identityType, userAssigned, planned, done,
                    warnings, notes, result), code.code());
        }
        out().flush();
        err().flush();
        return code.code();
    }

    private static String label(String target) {
        return IdentityPlan.SYSTEM.equals(target) ? "system-assigned identity"
                : "user-assigned identity " + target.substring(target.lastIndexOf('/') + 1);
    }
}
