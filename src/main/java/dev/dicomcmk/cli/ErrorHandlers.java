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
        if (ex instanceof DeclinedException) {
            code = ExitCode.DECLINED;
            message = ex.getMessage();
        } else if (ex instanceof InvalidInputException) {
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
        Redactor redactor = new Redactor(root.environment() == null ? java.util.Map.of() : root.environment().env());
        err.println(prefix(cmd) + Text.escapeControls(oneLine(redactor.redact(message))));
        if (debug) {
            // SDK and MSAL exceptions may quote a token response or a request: the trace is redacted like the line
            err.print(redactor.redact(StackTraces.format(ex)));
        }
        err.flush();
        return code.code();
    }

    static ExitCode exitCodeOf(AzureFailure f) {
        return switch (f.kind()) {
            case AUTHENTICATION, FORBIDDEN, FIREWALL -> ExitCode.AUTH_FAILED;
            case NOT_FOUND -> ExitCode.NOT_FOUND;
            case THROTTLED, TIMEOUT, UNREADABLE, FAILED -> ExitCode.AZURE_FAILED;
        };
    }

    /** The next step after an Azure failure of this kind, as " — …" (empty when its message already says it). */
    static String hint(AzureFailure f) {
        if (dev.dicomcmk.azure.adapters.PermissionRefused.CODE.equals(f.code())) {
            return ""; // the refusal names what is missing, who has it and what to run
        }
        if ("TenantNotAllowed".equals(f.code())) {
            // signing in again would not help: the resource lives in another tenant than the run's sign-in
            return " — a DICOM service needs its key in a vault of its own tenant (VAULT-SAME-TENANT): use a key there, "
                    + "or, to read this one anyway, sign in to that tenant (--tenant)";
        }
        if ("TokenRefused".equals(f.code())) {
            // retrying would be refused the same way: the answer itself named the host
            return " — nothing was sent there; if that host does belong to your cloud, give a cloud profile that names it (--cloud)";
        }
        return switch (f.kind()) {
            case AUTHENTICATION -> " — sign in again (az login) or check --auth, --tenant and the AZURE_* variables";
            case FORBIDDEN -> f.operatorLacks() != null
                    ? " — " + f.operatorLacks() + "; your identity lacks permission for this: ask for it or run as an identity that has it"
                    : " — your identity lacks permission for this; ask for it (least privilege: read access to "
                    + "the resource) or run as an identity that has it";
            case FIREWALL -> " — the resource's firewall blocks this machine; run from an allowed network";
            case NOT_FOUND -> " — check the name, --resource-group and --subscription";
            case THROTTLED -> " — Azure is throttling requests; try again later";
            case TIMEOUT -> "";
            case UNREADABLE -> " — nothing in it was taken as a fact; try again, and if it persists, look for what answers "
                    + "in Azure's place between this machine and Azure (a proxy, a captive portal); --debug shows every HTTP call";
            case FAILED -> " — try again; --debug shows every HTTP call";
        };
    }

    /**
     * Takes secrets out of text that may quote them: the client secret and password of the
     * environment (an identity provider may echo a rejected one), bearer tokens and JWTs.
     */
    static final class Redactor {
        private static final java.util.List<String> SECRET_VARIABLES = java.util.List.of("AZURE_CLIENT_SECRET",
                "AZURE_CLIENT_CERTIFICATE_PASSWORD", "AZURE_PASSWORD");
        private final java.util.List<String> secrets;

        Redactor(java.util.Map<String, String> env) {
            this.secrets = SECRET_VARIABLES.stream().map(env::get)
                    // a very short value would redact ordinary words; Entra secrets are 40 characters
                    .filter(v -> v != null && v.length() >= 8).toList();
        }

        String redact(String text) {
            if (text == null) {
                return null;
            }
            String t = text;
            for (String secret : secrets) {
                t = t.replace(secret, "REDACTED-SECRET");
            }
            return t.replaceAll("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}", "$1REDACTED")
                    .replaceAll("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*", "REDACTED-JWT")
                    .replaceAll("(?i)(\"?(?:access_token|refresh_token|id_token|client_secret)\"?\\s*[:=]\\s*\"?)[^\"&\\s,}]{4,}",
                            "$1REDACTED");
        }
    }

    private static String prefix(CommandLine cmd) {
        return "dicom-cmk: ";
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
