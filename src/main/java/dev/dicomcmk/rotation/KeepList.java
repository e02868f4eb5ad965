package dev.dicomcmk.rotation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The key versions to keep enabled, from every source there is: the service's current key, this tool's
 * journal (every write command's lines) and the resource group's ARM deployment history (deployments by
 * anyone, this tool's update-via-arm, the portal, pipelines). Each version says where it is known from.
 * It is a floor, never a list of what may go: a version older than all of this evidence (a change made
 * before the tool was used and whose deployment history was pruned, or one made without a deployment)
 * may still be needed, and nothing here suggests disabling anything.
 */
public final class KeepList {

    /** What the output says under the list, every time. */
    public static final String CAVEAT = "versions older than this evidence (before the journal began, or deployments "
            + "ARM no longer lists) may still be needed: disable none without knowing no data uses it";

    private KeepList() {
    }

    /**
     * @param current     the key the service reports now, or null
     * @param journal     the journal's keys the service may have run on, each with the lines saying so, newest first
     * @param deployments keys the resource group's deployments set on the service, newest first
     */
    public static List<KeptVersion> build(String current, Map<String, List<JournalEntry>> journal, List<DeployedKey> deployments) {
        Map<String, String> urls = new LinkedHashMap<>();
        Map<String, List<String>> sources = new LinkedHashMap<>();
        if (current != null && !current.isBlank()) {
            add(urls, sources, current, "the service's current key");
        }
        journal.entrySet().stream()
                .sorted((a, b) -> newest(b.getValue()).compareTo(newest(a.getValue())))
                .forEach(e -> e.getValue().forEach(line -> add(urls, sources, e.getKey(), journalSource(e.getKey(), line))));
        for (DeployedKey d : deployments) {
            add(urls, sources, d.keyUrl(), "ARM deployment " + d.deployment() + " (" + d.provisioningState()
                    + (d.timestamp() == null ? "" : " " + d.timestamp().truncatedTo(ChronoUnit.SECONDS)) + ")");
        }
        List<KeptVersion> out = new ArrayList<>();
        urls.forEach((k, url) -> out.add(new KeptVersion(url, sources.get(k))));
        return out;
    }

    private static String newest(List<JournalEntry> lines) {
        return lines.isEmpty() ? "" : String.valueOf(lines.get(0).time());
    }

    private static void add(Map<String, String> urls, Map<String, List<String>> sources, String url, String source) {
        String k = url.toLowerCase(Locale.ROOT);
        urls.putIfAbsent(k, url);
        List<String> list = sources.computeIfAbsent(k, x -> new ArrayList<>());
        if (!list.contains(source)) {
            list.add(source);
        }
    }

    private static String journalSource(String key, JournalEntry line) {
        String by = line.commandName() + (line.actionName() == null ? "" : " " + line.actionName());
        if (key.equals(line.oldKey())) {
            return "journal: the service's key when " + line.commandName() + " began (" + seconds(line.time()) + ")";
        }
        return "journal: " + by + " to it, " + shortOutcome(line.outcome()) + " (" + seconds(line.time()) + ")";
    }

    /** A journal time to the second, as every time in the list is shown; a line's own text when it is not a time. */
    private static String seconds(String time) {
        try {
            return Instant.parse(time).truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (RuntimeException handEdited) {
            return String.valueOf(time);
        }
    }

    private static String shortOutcome(String outcome) {
        if (outcome == null) {
            return "outcome unknown";
        }
        int colon = outcome.indexOf(':');
        return colon < 0 ? outcome : outcome.substring(0, colon);
    }
}
