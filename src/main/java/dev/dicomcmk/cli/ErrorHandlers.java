package dev.dicomcmk.cli;

import dev.dicomcmk.azure.AzureFailure;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.Text;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;

/**
 * Short, actionable errors: one line saying what is wrong and what to do, the documented exit
 * code, and a stack trace only with --debug.
 */
final class ErrorHandlers implements IParameterExceptionHandler, IExecutionExceptionHandler {

    private final DicomCmkCommand root;

    ErrorHandlers(DicomCmkCommand root) {
        this.root = root;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        StringBuilder line = new StringBuilder(prefix(cmd)).append(oneLine(ex.getMessage()));
        if (ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            line.append("; did you mean ").append(String.join(" or ", u.getSuggestions().stream().limit(3).toList()))
                    .append('?');
        }
        line.append(" (see '").append(cmd.getCommandSpec().qualifiedName()).append(" --help')");
        err.println(Text.escapeControls(line.toString()));
        err.flush();
        return ExitCode.USAGE.code();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        boolean debug = root.global() != null && root.global().debug();
        ExitCode code;
        String message;
        if (ex instanceof InvalidInputException) {
            code = ExitCode.USAGE;
            message = ex.getMessage();
        } else if (ex instanceof AzureFailure f) {
            code = exitCodeOf(f);
            message = f.oneLine() + hint(f);
        } else if (ex instanceof java.io.UncheckedIOException || ex instanceof java.io.IOException) {
            code = ExitCode.INTERNAL_ERROR;
            message = "I/O error: " + ex.getMessage();
        } else {
            code = ExitCode.INTERNAL_ERROR;
            message = "internal error: " + ex.getClass().getName() + ": " + ex.getMessage()
                    + (debug ? "" : " (run again with --debug for the stack trace, and please report it)");
        }
        err.println(prefix(cmd) + Text.escapeControls(oneLine(message)));
        if (debug) {
            err.print(StackTraces.format(ex));
        }
        err.flush();
        return code.code();
    }

    static ExitCode exitCodeOf(AzureFailure f) {
        return switch (f.kind()) {
            case AUTHENTICATION, FORBIDDEN, FIREWALL -> ExitCode.AUTH_FAILED;
            case NOT_FOUND -> ExitCode.NOT_FOUND;
            case THROTTLED, TIMEOUT, FAILED -> ExitCode.AZURE_FAILED;
        };
    }

    private static String hint(AzureFailure f) {
        return switch (f.kind()) {
            case AUTHENTICATION -> " — sign in again (az login) or check --auth, --tenant and the AZURE_* variables";
            case FORBIDDEN -> " — your identity lacks permission for this; ask for it (least privilege: read access to "
                    + "the resource) or run as an identity that has it";
            case FIREWALL -> " — the resource's firewall blocks this machine; run from an allowed network";
            case NOT_FOUND -> " — check the name, --resource-group and --subscription";
            case THROTTLED -> " — Azure is throttling requests; try again later";
            case TIMEOUT -> "";
            case FAILED -> " — try again; --debug shows every HTTP call";
        };
    }

    private static String prefix(CommandLine cmd) {
        return "dicom-cmk: ";
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
