package dev.dicomcmk.output;

import dev.dicomcmk.model.Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * The human view of a fleet check: one row a service, then the summary in services.
 *
 * <pre>
 * SERVICE                          KEY VERSION                VERDICT  FIRST FAILING
 * fleet-rg/fleet-ws-01/dicom-0001  fleet-key-0001/0a1b...     OK       -
 * fleet-rg/fleet-ws-01/dicom-0002  fleet-key-0002/2c3d...     FAIL     KEY-SIZE
 * fleet-rg/fleet-ws-01/dicom-0003  -                          ERROR    could not be read: ...
 *
 * 3 services: 1 ok, 0 warned, 1 failed, 1 not checked
 * </pre>
 *
 * Names come from Azure: their control characters are escaped before they reach the terminal.
 */
public final class FleetTableRenderer {
    private static final String GAP = "  ";
    private static final String NONE = "-";

    private final Style style;
    private final boolean strict;

    public FleetTableRenderer(Style style, boolean strict) {
        this.style = style;
        this.strict = strict;
    }

    public void render(List<FleetEntry> entries, FleetSummary summary, Writer out) {
        List<String[]> rows = new ArrayList<>();
        for (FleetEntry e : entries) {
            rows.add(new String[] {
                Text.escapeControls(e.service()),
                e.keyVersion() == null ? NONE : Text.escapeControls(e.keyVersion()),
                e.standing(strict).name(),
                e.error() != null ? Text.escapeControls(e.error()) : e.firstFailing() == null ? NONE : e.firstFailing()});
        }
        String[] head = {"SERVICE", "KEY VERSION", "VERDICT", "FIRST FAILING"};
        int[] width = new int[head.length - 1];
        for (int c = 0; c < width.length; c++) {
            width[c] = head[c].length();
            for (String[] row : rows) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder b = new StringBuilder();
        if (!rows.isEmpty()) {
            line(b, head, width, true);
            rows.forEach(row -> line(b, row, width, false));
            b.append('\n');
        }
        b.append(summary.sentence()).append('\n');
        try {
            out.write(b.toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void line(StringBuilder b, String[] cells, int[] width, boolean heading) {
        for (int c = 0; c < cells.length; c++) {
            String cell = cells[c];
            String shown = heading ? style.faint(cell) : c == 2 ? paint(cell) : cell;
            b.append(shown);
            if (c < width.length) {
                b.append(" ".repeat(width[c] - cell.length())).append(GAP);
            }
        }
        b.append('\n');
    }

    private String paint(String standing) {
        return switch (FleetEntry.Standing.valueOf(standing)) {
            case OK -> style.good(standing);
            case WARN -> style.warning(standing);
            case FAIL, ERROR -> style.bad(standing);
        };
    }
}
