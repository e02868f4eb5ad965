package dev.dicomcmk.cli;

import dev.dicomcmk.advice.Commands;
import dev.dicomcmk.azure.FleetDiscovery;
import dev.dicomcmk.model.Text;
import dev.dicomcmk.output.JsonOutput;
import dev.dicomcmk.output.OutputFormat;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * diagnose over a fleet: key access at fleet scale from Resource Health's HealthResources table, one
 * Resource Graph query for the services and one for their availability, never a call per service. A
 * service reported Unavailable cannot use its key (exit 3); the single-service diagnose names the cause.
 */
final class FleetHealth {

    /** One service's row: its name (subscription/group/workspace/dicom), availability, since when, and why. */
    record Row(String service, String id, String availability, String since, String summary) {
    }

    record View(List<Row> services) {
    }

    private FleetHealth() {
    }

    static int run(DicomCmkCommand root, FleetSelection selection) {
        List<FleetDiscovery.Found> services = selection.services().stream().filter(FleetSelection::hasCustomerManagedKey).toList();
        Map<String, FleetDiscovery.Availability> health = services.isEmpty() ? Map.of()
                : selection.discovery().availability(selection.scope());
        List<Row> rows = new ArrayList<>();
        for (FleetDiscovery.Found f : services) {
            // Resource Health reports nothing yet for a service it has not evaluated: unknown, not healthy
            FleetDiscovery.Availability a = health.get(f.id().armId().toLowerCase(Locale.ROOT));
            rows.add(new Row(FleetSelection.rowName(f.id()), f.id().armId(), a == null ? "Unknown" : a.state(),
                    a == null ? null : a.since(), a == null ? "Resource Health reports nothing for this service" : a.summary()));
        }
        List<Row> unavailable = rows.stream().filter(r -> r.availability().equalsIgnoreCase("Unavailable")).toList();
        int exit = unavailable.isEmpty() ? ExitCode.OK.code() : ExitCode.REQUIREMENTS_NOT_MET.code();
        PrintWriter out = root.environment().out();
        if (root.global().output() == OutputFormat.JSON) {
            JsonOutput.write(out, "diagnose", new View(rows), exit);
        } else {
            for (Row r : rows) {
                if (!root.global().quiet() || !r.availability().equalsIgnoreCase("Available")) {
                    out.println(String.format("%-72s %-12s %s", Text.escapeControls(r.service()), r.availability(),
                            Text.escapeControls(r.since() == null ? "" : "since " + r.since())));
                }
            }
            if (!root.global().quiet()) {
                Map<String, Integer> counts = new TreeMap<>();
                rows.forEach(r -> counts.merge(r.availability(), 1, Integer::sum));
                out.println(rows.size() + " services " + selection.describe() + (counts.isEmpty() ? "" : ": "
                        + String.join(", ", counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList())));
            }
        }
        out.flush();
        if (!unavailable.isEmpty()) {
            PrintWriter err = root.environment().err();
            err.println("dicom-cmk: " + unavailable.size() + (unavailable.size() == 1 ? " service" : " services")
                    + " cannot use its key (Resource Health: Unavailable) — find the cause of each: "
                    + Commands.dicomCmk("diagnose", unavailable.get(0).id()));
            err.flush();
        }
        return exit;
    }
}
