package dev.dicomcmk.cli;

import dev.dicomcmk.sandbox.ScenarioInfo;
import dev.dicomcmk.sandbox.Scenarios;

import java.util.Iterator;

/** Sandbox scenario names for completion and help. */
final class ScenarioCandidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return Scenarios.list().stream().map(ScenarioInfo::name).iterator();
    }
}
