package dev.dicomcmk.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The man-page sections picocli's ManPageGenerator does not make from the command tree: EXAMPLES, ENVIRONMENT
 * and FILES. GeneratedDocsTest adds them to every page (EXAMPLES per command) and names the exit-code list
 * EXIT STATUS. Every example is parsed by the real command line (GeneratedDocsTest), so none can name an option
 * that no longer exists.
 */
final class ManPageSections {

    /** One example: what it does, and the command line (without the leading "dicom-cmk"). */
    record Example(String what, String args) {
    }

    private ManPageSections() {
    }

    private static final String SERVICE = "--service demo-ws/demo-dicom --resource-group demo-rg";

    /** Examples per command, by qualified name ("dicom-cmk", "dicom-cmk-rotate-key", ...). */
    static final Map<String, List<Example>> EXAMPLES = examples();

    private static Map<String, List<Example>> examples() {
        Map<String, List<Example>> m = new LinkedHashMap<>();
        m.put("dicom-cmk", List.of(
                new Example("Rehearse against the built-in sandbox, no Azure account needed:",
                        "--sandbox weak-key validate-key " + SERVICE),
                new Example("Check the key a DICOM service uses, signed in with the Azure CLI:",
                        "--auth cli validate-key " + SERVICE),
                new Example("Find why a service cannot use its key, and what to do next:", "diagnose " + SERVICE),
                new Example("Rotate every key of a resource group that is older than 90 days (from cron):",
                        "--auth managed-identity -q rotate-key --all --resource-group prod-rg --new-version "
                                + "--if-older-than 90d --yes")));
        m.put("dicom-cmk-validate-key", List.of(
                new Example("Check a service's current key, its identity and the identity's access:", "validate-key " + SERVICE),
                new Example("Check a key alone:",
                        "validate-key --key-url https://contoso-kv.vault.azure.net/keys/dicom-key/0123456789abcdef0123456789abcdef"),
                new Example("One line per service for every CMK-enabled service of a resource group; warnings fail too:",
                        "-q validate-key --all --resource-group prod-rg --strict"),
                new Example("Check an ARM template offline in CI, with reports for test results and code scanning:",
                        "validate-key --template azuredeploy.json --parameters azuredeploy.parameters.json "
                                + "--junit cmk.xml --sarif cmk.sarif")));
        m.put("dicom-cmk-rotate-key", List.of(
                new Example("See what a rotation would do, changing nothing:", "rotate-key " + SERVICE + " --new-version --dry-run"),
                new Example("Rotate to a new key version if the current one is older than 90 days, without asking:",
                        "rotate-key " + SERVICE + " --new-version --if-older-than 90d --yes"),
                new Example("Follow a Key Vault rotation policy: move the service to the newest enabled version:",
                        "rotate-key " + SERVICE + " --to-latest --yes"),
                new Example("Print the service's rotation journal:", "rotate-key " + SERVICE + " --history")));
        m.put("dicom-cmk-enable-identity", List.of(
                new Example("Turn on the system-assigned identity and grant it least-privilege access to the key:",
                        "enable-identity " + SERVICE + " --system-assigned --grant-key-access"),
                new Example("Show what would change, changing nothing:",
                        "enable-identity " + SERVICE + " --grant-key-access --dry-run")));
        m.put("dicom-cmk-update-via-arm", List.of(
                new Example("Write azuredeploy.json and azuredeploy.parameters.json for review:",
                        "update-via-arm " + SERVICE + " --out-dir infra"),
                new Example("Preview the change with ARM's what-if (exit 3 when something would change):",
                        "update-via-arm " + SERVICE
                                + " --key-url https://contoso-kv.vault.azure.net/keys/dicom-key/0123456789abcdef0123456789abcdef --what-if"),
                new Example("Re-deploy the service's current identity and key (e.g. after its identity moved):",
                        "update-via-arm " + SERVICE + " --deploy")));
        m.put("dicom-cmk-diagnose", List.of(
                new Example("Find why a service cannot use its key:", "diagnose " + SERVICE),
                new Example("Follow the service until it is healthy again, checking every 30 seconds for up to 30 minutes:",
                        "diagnose " + SERVICE + " --watch --interval 30s --until-healthy 30m"),
                new Example("One JSON document for a ticketing system:", "-o json diagnose " + SERVICE)));
        m.put("dicom-cmk-sandbox", List.of(
                new Example("List the scenarios:", "sandbox scenarios"),
                new Example("Serve a sandbox for other shells (then: . /tmp/sbx/credentials.env):",
                        "sandbox start --state-dir /tmp/sbx --scenario key-expiring")));
        m.put("dicom-cmk-sandbox-scenarios", List.of(new Example("List the scenarios:", "sandbox scenarios")));
        m.put("dicom-cmk-sandbox-start", List.of(
                new Example("Serve a sandbox for ten minutes on a fixed port:",
                        "sandbox start --state-dir /tmp/sbx --port 8443 --duration 10m"),
                new Example("Use it from another shell:",
                        "--cloud /tmp/sbx --auth env validate-key " + SERVICE)));
        return m;
    }

    private static final String ENVIRONMENT = """
            == Environment

            *AZURE_SUBSCRIPTION_ID*::
              The subscription when *--subscription* is not given.

            *AZURE_TENANT_ID*, *AZURE_CLIENT_ID*, *AZURE_CLIENT_SECRET*::
              A service principal for *--auth env* and the default chain; *AZURE_CLIENT_ID* alone picks a user-assigned managed identity for *--auth managed-identity*. Secrets never go on the command line.

            *AZURE_FEDERATED_TOKEN_FILE*, *AZURE_AUTHORITY_HOST*::
              Workload identity (*--auth workload-identity*), as the AKS webhook sets them.

            *NO_COLOR*::
              No colours (as *--no-color*).

            *GITHUB_ACTIONS*::
              When _true_, *validate-key --template* also prints ::error and ::warning annotations.

            *XDG_STATE_HOME*::
              Where *rotate-key* keeps its journal and locks (see FILES).

            *JAVA_HOME*, *DICOM_CMK_JAVA_OPTS*, *DICOM_CMK_CDS*::
              The launcher: the JVM to run when no runtime is bundled, extra JVM options, and _off_ to run without the start-up archive (_fixed_: map it at its dump address, faster on JDK 17 but not randomised).
            """;

    private static final String FILES = """
            == Files

            _$XDG_STATE_HOME/dicom-cmk/journal.jsonl_ (else _~/.local/state/dicom-cmk/journal.jsonl_)::
              The rotation journal: one JSON line per step of every *rotate-key* attempt, owner-only (0600); *--journal* names another file.

            _$XDG_STATE_HOME/dicom-cmk/locks/_::
              One lock file per service; a second *rotate-key* of the same service exits 7.

            _lib/dicom-cmk.jsa_ or _lib/dicom-cmk.aot_, _lib/dicom-cmk.archive_ (beside the jar)::
              The start-up archive, made by the build for one runtime; mapped only when owned by you or root, not writable by group or others, and for the runtime that made it (*--version -v* says whether). _~/.cache/dicom-cmk/_ of older versions is ignored.

            _STATE-DIR/cloud.json_, _STATE-DIR/ca.pem_, _STATE-DIR/credentials.env_::
              Written by *sandbox start* (owner-only): the cloud profile for *--cloud*, the sandbox's CA, and the service principal to source.
            """;

    /** The sections to add to one page, in AsciiDoc. */
    static String render(String qualifiedName) {
        StringBuilder b = new StringBuilder();
        b.append("// tag::dicom-cmk-man-section-environment[]\n").append(ENVIRONMENT)
                .append("\n// end::dicom-cmk-man-section-environment[]\n\n");
        b.append("// tag::dicom-cmk-man-section-files[]\n").append(FILES)
                .append("\n// end::dicom-cmk-man-section-files[]\n\n");
        List<Example> examples = EXAMPLES.getOrDefault(qualifiedName, List.of());
        if (!examples.isEmpty()) {
            b.append("// tag::dicom-cmk-man-section-examples[]\n== Examples\n\n");
            for (Example e : examples) {
                b.append(e.what()).append("\n\n....\ndicom-cmk ").append(e.args()).append("\n....\n\n");
            }
            b.append("// end::dicom-cmk-man-section-examples[]\n\n");
        }
        return b.toString();
    }

    /** Every example's arguments, for the test that parses them. */
    static List<String[]> allExampleArgs() {
        List<String[]> all = new ArrayList<>();
        EXAMPLES.values().forEach(list -> list.forEach(e -> all.add(ShellWords.split(e.args()).toArray(String[]::new))));
        return all;
    }
}
