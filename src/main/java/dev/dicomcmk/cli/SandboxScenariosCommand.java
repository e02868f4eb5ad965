package dev.dicomcmk.cli;

import dev.dicomcmk.output.OutputFormat;
import dev.dicomcmk.sandbox.ScenarioInfo;
import dev.dicomcmk.sandbox.Scenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** sandbox scenarios: the named worlds the sandbox can start in. */
@Command(name = "scenarios", header = "List the sandbox scenarios.")
public final class SandboxScenariosCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DicomCmkCommand root = (DicomCmkCommand) spec.root().userObject();
        List<ScenarioInfo> scenarios = Scenarios.list();
        PrintWriter out = root.environment().out();
        if (root.global().output() == OutputFormat.JSON) {
            JsonDocuments.scenarios(out, scenarios);
        } else {
            int width = scenarios.stream().mapToInt(s -> s.name().length()).max().orElse(8);
            for (ScenarioInfo s : scenarios) {
                out.printf("%-" + width + "s  %s%n", s.name(), s.description());
            }
        }
        out.flush();
        return ExitCode.OK.code();
    }
}
