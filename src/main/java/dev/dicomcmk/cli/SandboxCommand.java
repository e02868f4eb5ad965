package dev.dicomcmk.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** sandbox: the local Azure simulator for rehearsals (start, scenarios). */
@Command(name = "sandbox",
        header = "Run the local Azure simulator for rehearsals.",
        description = "A local Azure on loopback HTTPS that speaks the real ARM, Entra, Key Vault and Managed HSM "
                + "protocols, seeded with a named scenario. Nothing it does reaches Azure.",
        subcommands = {SandboxStartCommand.class, SandboxScenariosCommand.class})
public final class SandboxCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: start or scenarios");
    }
}
