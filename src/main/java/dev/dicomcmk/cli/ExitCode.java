package dev.dicomcmk.cli;

/** The one list of exit codes (DESIGN.md), shown in --help and the man pages. */
public enum ExitCode {
    OK(0, "ok"),
    INTERNAL_ERROR(1, "internal error (a bug: please report it with --debug output)"),
    USAGE(2, "usage error or invalid input"),
    REQUIREMENTS_NOT_MET(3, "requirements not met / problems found"),
    AUTH_FAILED(4, "authentication or authorization failed"),
    NOT_FOUND(5, "resource not found"),
    AZURE_FAILED(6, "Azure operation failed (deployment, timeout, throttling past retries, rolled back, "
            + "network unreachable)"),
    LOCKED(7, "another run holds the lock"),
    DECLINED(8, "declined at the prompt; nothing changed");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** "code" -> meaning, in order, for the usage help's exit-code section and the man pages. */
    public static java.util.Map<String, String> helpList() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (ExitCode c : values()) {
            m.put(String.valueOf(c.code), c.meaning);
        }
        return m;
    }
}
