package dev.dicomcmk.cli;

import dev.dicomcmk.output.JsonOutput;
import dev.dicomcmk.sandbox.ScenarioInfo;

import java.io.PrintWriter;
import java.util.List;

/** The JSON documents of commands that print something other than reports. */
final class JsonDocuments {

    private JsonDocuments() {
    }

    record ScenariosView(List<ScenarioInfo> scenarios) {
    }

    static void scenarios(PrintWriter out, List<ScenarioInfo> scenarios) {
        JsonOutput.write(out, "sandbox scenarios", new ScenariosView(scenarios), ExitCode.OK.code());
    }
}
