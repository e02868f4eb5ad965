package dev.dicomcmk.azure.adapters;

import dev.dicomcmk.access.OperatorNeed;
import dev.dicomcmk.access.PermissionCheck;
import dev.dicomcmk.access.PermissionVerdict;
import dev.dicomcmk.azure.AzureSession;
import dev.dicomcmk.azure.PermissionsReader;

import java.util.List;
import java.util.function.Consumer;

/**
 * The operator's own permissions, checked before a command's first write (DESIGN I7): reads ARM's
 * permissions answer at each scope the command will write to, lets {@link PermissionCheck} decide,
 * hands each "could not verify" line to the command's notes, and refuses with exit 4 when something
 * is provably missing, so nothing is half done. One gate per run: answers are shared by a fleet.
 */
public final class OperatorPermissionGate {

    private final PermissionsReader reader;

    public OperatorPermissionGate(AzureSession session) {
        this.reader = new PermissionsReader(session.arm());
    }

    /**
     * For a preview (what-if): what the real run would need, said but not refused. Each missing need and
     * each "could not verify" goes to the notes.
     */
    public PermissionVerdict preview(String what, List<OperatorNeed> needs, Consumer<String> note) {
        PermissionVerdict verdict = PermissionCheck.decide(needs, reader::at);
        verdict.missing().forEach(m -> note.accept(what + " would be refused: " + m.describe()));
        verdict.unverified().forEach(note);
        return verdict;
    }

    /**
     * @throws PermissionRefused when a need is provably missing
     */
    public PermissionVerdict require(String command, List<OperatorNeed> needs, Consumer<String> note) {
        if (needs.isEmpty()) {
            return new PermissionVerdict(List.of(), List.of());
        }
        PermissionVerdict verdict = PermissionCheck.decide(needs, reader::at);
        verdict.unverified().forEach(note);
        if (verdict.refused()) {
            throw new PermissionRefused(verdict.refusal(command));
        }
        return verdict;
    }
}
