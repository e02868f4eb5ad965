package dev.dicomcmk.output;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A fleet run counted in services, not findings: how many are fine, warn, fail, or could not be
 * checked, and how many were left out because they have no customer-managed key.
 */
@JsonPropertyOrder({"services", "ok", "warned", "failed", "notChecked", "withoutCmk"})
public record FleetSummary(int services, int ok, int warned, int failed, int notChecked, int withoutCmk) {

    public static FleetSummary of(List<FleetEntry> entries, boolean strict, int withoutCmk) {
        int[] n = new int[FleetEntry.Standing.values().length];
        entries.forEach(e -> n[e.standing(strict).ordinal()]++);
        return new FleetSummary(entries.size(), n[FleetEntry.Standing.OK.ordinal()], n[FleetEntry.Standing.WARN.ordinal()],
                n[FleetEntry.Standing.FAIL.ordinal()], n[FleetEntry.Standing.ERROR.ordinal()], withoutCmk);
    }

    /** "200 services: 197 ok, 2 warned, 1 failed, 0 not checked (3 without a customer-managed key left out)". */
    public String sentence() {
        return services + (services == 1 ? " service: " : " services: ") + ok + " ok, " + warned + " warned, "
                + failed + " failed, " + notChecked + " not checked"
                + (withoutCmk == 0 ? "" : " (" + withoutCmk + " without a customer-managed key left out)");
    }
}
