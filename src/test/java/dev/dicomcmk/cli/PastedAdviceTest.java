package dev.dicomcmk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.sandbox.ScenarioInfo;
import dev.dicomcmk.sandbox.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every command the tool suggests, in every scenario, works when pasted: each `dicom-cmk ...` one parses with the
 * real command line and names its service fully (ARM id, or --resource-group), each `az ...` one names every target
 * that az command requires. The commands are collected from everything the advice-giving commands print — the table
 * and the JSON of validate-key and diagnose, and the write commands' plans and refusals — not from a list of fields,
 * so advice added anywhere later is held to the same rule.
 */
class PastedAdviceTest {

    private static final String SERVICE = "demo-ws/demo-dicom";
    private static final String RG = "demo-rg";

    /** A command starts at "dicom-cmk <subcommand>" or "az <group>" (not inside a word, a path or a URL). */
    private static final Pattern COMMAND_START = Pattern.compile(
            "(?<![\\w/.:-])(dicom-cmk (?:validate-key|rotate-key|enable-identity|update-via-arm|diagnose|sandbox)\\b"
                    + "|az [a-z][a-z-]*\\b)");
    /** A placeholder the admin fills in: one shell word, e.g. {@code <versioned-key-url>}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("<[A-Za-z0-9._-]+>");
    private static final Set<String> SERVICE_COMMANDS = Set.of("validate-key", "rotate-key", "enable-identity",
            "update-via-arm", "diagnose");

    /**
     * What each az command we may suggest requires: any one of the alternatives, each a list of targets, each target
     * one of its spellings. From the az reference: a key is named by its vault (or HSM) and name, or --id; az
     * keyvault update takes the vault's name and resource group; a role assignment needs who, what and where.
     */
    static final Map<String, List<List<String>>> AZ_REQUIRES = new LinkedHashMap<>();

    static {
        List<List<String>> key = List.of(List.of("--id"), List.of("--vault-name|--hsm-name", "--name|-n"));
        AZ_REQUIRES.put("keyvault key set-attributes", key);
        AZ_REQUIRES.put("keyvault key recover", key);
        AZ_REQUIRES.put("keyvault key list-versions", key);
        AZ_REQUIRES.put("keyvault key rotate", key);
        AZ_REQUIRES.put("keyvault key create", List.of(List.of("--vault-name|--hsm-name", "--name|-n")));
        AZ_REQUIRES.put("keyvault key list-deleted", List.of(List.of("--vault-name|--hsm-name|--id")));
        AZ_REQUIRES.put("keyvault update", List.of(List.of("--name|-n", "--resource-group|-g")));
        AZ_REQUIRES.put("keyvault update-hsm", List.of(List.of("--hsm-name|--name|-n", "--resource-group|-g")));
        AZ_REQUIRES.put("keyvault show", List.of(List.of("--name|-n", "--resource-group|-g")));
        AZ_REQUIRES.put("keyvault set-policy", List.of(List.of("--name|-n", "--resource-group|-g",
                "--object-id|--spn|--upn")));
        AZ_REQUIRES.put("keyvault role assignment create", List.of(List.of("--hsm-name|--id", "--role",
                "--scope", "--assignee|--assignee-object-id")));
        AZ_REQUIRES.put("role assignment create", List.of(List.of("--assignee|--assignee-object-id", "--role",
                "--scope")));
        AZ_REQUIRES.put("role assignment delete", List.of(List.of("--ids"),
                List.of("--assignee|--assignee-object-id", "--role", "--scope")));
        AZ_REQUIRES.put("deployment group show", List.of(List.of("--resource-group|-g", "--name|-n")));
        AZ_REQUIRES.put("deployment operation group list", List.of(List.of("--resource-group|-g", "--name|-n")));
        AZ_REQUIRES.put("healthcareapis workspace dicom-service show", List.of(
                List.of("--ids"), List.of("--resource-group|-g", "--workspace-name", "--dicom-service-name|--name|-n")));
        AZ_REQUIRES.put("login", List.of(List.of()));
    }

    static Stream<String> scenarios() {
        // shared-key-N's demo service is healthy's: its fleet prints no advice of its own to a single-service run
        return Scenarios.list().stream().map(ScenarioInfo::name).filter(n -> !n.equals("shared-key-N"))
                .map(n -> n.equals("fleet-N") ? "fleet-3" : n);
    }

    /** The runs that print advice: the checks, the diagnosis, and the write commands' plans and refusals. */
    static List<String[]> runs(String scenario) {
        List<String[]> runs = new ArrayList<>();
        for (String output : List.of("table", "json")) {
            runs.add(args(scenario, output, "validate-key"));
            runs.add(args(scenario, output, "diagnose", "--probe"));
            runs.add(args(scenario, output, "rotate-key", "--new-version", "--dry-run"));
            runs.add(args(scenario, output, "rotate-key", "--to-latest", "--dry-run"));
        }
        runs.add(args(scenario, "table", "enable-identity", "--system-assigned", "--grant-key-access", "--dry-run"));
        runs.add(args(scenario, "table", "update-via-arm", "--what-if"));
        return runs;
    }

    private static String[] args(String scenario, String output, String command, String... more) {
        List<String> a = new ArrayList<>(List.of("--sandbox", scenario, "-o", output, command, "--service", SERVICE,
                "-g", RG));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everySuggestedCommandWorksWhenPasted(String scenario) throws Exception {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String[] args : runs(scenario)) {
            CliRunner.Result r = CliRunner.exec(args);
            for (String text : texts(r)) {
                for (String command : commandsIn(text)) {
                    if (seen.add(command)) {
                        String problem = problemWith(command);
                        if (problem != null) {
                            problems.add(problem + "\n    in: " + text + "\n    from: dicom-cmk " + String.join(" ", args));
                        }
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** A key URL whose vault does not exist: no advice may assume the key was deleted from it. */
    @Test
    void aKeyInAVaultThatDoesNotExistIsNotCalledDeleted() throws Exception {
        String missing = "https://gone-kv.vault.sandbox.test/keys/demo-key/0123456789abcdef0123456789abcdef";
        for (String output : List.of("table", "json")) {
            CliRunner.Result r = CliRunner.exec("--sandbox", "healthy", "-o", output, "validate-key", "--key-url", missing);
            String all = r.out() + r.err();
            assertFalse(all.contains("recover"), r.describe());
            assertFalse(all.contains("deleted?"), r.describe());
            assertTrue(all.contains("gone-kv"), r.describe());
            for (String text : texts(r)) {
                for (String command : commandsIn(text)) {
                    String problem = problemWith(command);
                    assertTrue(problem == null, problem + " in " + text);
                }
            }
        }
    }

    /** The collector itself: it finds commands in prose, and a command missing its targets is caught. */
    @Test
    void theCollectorCatchesIncompleteCommands() {
        assertEquals(List.of("az keyvault update --enable-purge-protection true."),
                commandsIn("Enable purge protection (irreversible): az keyvault update --enable-purge-protection true."));
        assertTrue(problemWith("az keyvault update --enable-purge-protection true").contains("--name|-n"));
        assertTrue(problemWith("az keyvault update --name kv --resource-group rg --enable-purge-protection true.")
                .contains("punctuation"));
        assertEquals(null, problemWith("az keyvault update --name kv --resource-group rg --enable-purge-protection true"));
        assertEquals(List.of("dicom-cmk enable-identity --service demo-ws/demo-dicom --grant-key-access"),
                commandsIn("grant access first with 'dicom-cmk enable-identity --service demo-ws/demo-dicom "
                        + "--grant-key-access'"));
        assertTrue(problemWith("dicom-cmk enable-identity --service demo-ws/demo-dicom --grant-key-access")
                .contains("resource group"));
        assertTrue(problemWith("dicom-cmk rotate-key --new-version").contains("names no service"));
        assertTrue(problemWith("dicom-cmk diagnose --service a/b -g rg before rotating again").contains("parse"));
        assertTrue(problemWith("dicom-cmk update-via-arm --deploy --service a/b -g rg --key-url <versioned key URL>")
                .contains("placeholder"));
        assertEquals(null, problemWith("dicom-cmk rotate-key --service /subscriptions/s/resourceGroups/rg/providers/"
                + "Microsoft.HealthcareApis/workspaces/w/dicomservices/d --key-url <versioned-key-url>"));
        assertTrue(problemWith("az keyvault key set-attributes --ops wrapKey unwrapKey").contains("requires"));
        assertTrue(problemWith("az keyvault frobnicate --name x").contains("not in the table"));
        assertEquals(List.of("dicom-cmk diagnose --watch --service x -g y", "az login"),
                commandsIn("follow it with: dicom-cmk diagnose --watch --service x -g y; then az login"));
    }

    /** Every line a person reads, and every string of a JSON document (advice sits in remedy, fix, nextSteps ...). */
    static List<String> texts(CliRunner.Result r) throws Exception {
        List<String> texts = new ArrayList<>(List.of(r.err().split("\n")));
        String out = r.out().strip();
        if (out.startsWith("{")) {
            strings(new ObjectMapper().readTree(out), texts);
        } else {
            texts.addAll(List.of(r.out().split("\n")));
        }
        return texts;
    }

    private static void strings(JsonNode node, List<String> into) {
        if (node.isTextual()) {
            into.add(node.asText());
        }
        node.forEach(child -> strings(child, into));
    }

    /**
     * The commands in a text. A command quoted in '...' ends at the closing quote; any other ends at the end of the
     * text or at a ';' — anything else after it (a full stop, a closing parenthesis, more prose) is pasted with it.
     */
    static List<String> commandsIn(String text) {
        List<String> commands = new ArrayList<>();
        Matcher m = COMMAND_START.matcher(text);
        int from = 0;
        while (from < text.length() && m.find(from)) {
            int start = m.start();
            boolean quoted = start > 0 && text.charAt(start - 1) == '\'';
            int end = quoted ? text.indexOf('\'', start) : text.indexOf(';', start);
            if (end < 0) {
                end = text.length();
            }
            commands.add(text.substring(start, end).strip());
            from = end + 1;
        }
        return commands;
    }

    /** Why this command would not work when pasted, or null. */
    static String problemWith(String command) {
        List<String> words = List.of(command.split(" +"));
        for (String w : words) {
            if ((w.contains("<") || w.contains(">")) && !PLACEHOLDER.matcher(w).matches()) {
                return "a placeholder is not one shell word (" + w + "): " + command;
            }
            if (w.matches(".*[.,)]$") && !w.matches("\\.+")) {
                return "punctuation after the command is pasted with it (" + w + "): " + command;
            }
        }
        return words.get(0).equals("az") ? azProblem(command, words.subList(1, words.size()))
                : dicomCmkProblem(command, words.subList(1, words.size()));
    }

    private static String dicomCmkProblem(String command, List<String> args) {
        CommandLine cl = Cli.commandTree();
        ParseResult parsed;
        try {
            parsed = cl.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            return "does not parse (" + e.getMessage() + "): " + command;
        }
        if (!parsed.hasSubcommand()) {
            return "names no subcommand: " + command;
        }
        ParseResult sub = parsed.subcommand();
        String name = sub.commandSpec().name();
        if (!SERVICE_COMMANDS.contains(name) || sub.isUsageHelpRequested()) {
            return null;
        }
        if (!sub.hasMatchedOption("--service")) {
            boolean keyOnly = name.equals("validate-key") && sub.hasMatchedOption("--key-url");
            // a fleet (a subscription's, or one Resource Graph finds), or an event's handler: they find their services
            boolean fleet = java.util.stream.Stream.of("--all", "--all-subscriptions", "--management-group", "--uses-key",
                    "--from-event").anyMatch(sub::hasMatchedOption);
            return keyOnly || fleet ? null : "names no service (--service): " + command;
        }
        String service = sub.matchedOptionValue("--service", "");
        if (PLACEHOLDER.matcher(service).matches()) {
            return "the service is a placeholder: " + command;
        }
        if (!service.startsWith("/subscriptions/") && !sub.hasMatchedOption("--resource-group")) {
            return "--service " + service + " without its resource group (-g) or the full ARM id: " + command;
        }
        return null;
    }

    private static String azProblem(String command, List<String> words) {
        String sub = null;
        for (String known : AZ_REQUIRES.keySet()) {
            if (String.join(" ", words).startsWith(known + " ") || String.join(" ", words).equals(known)) {
                if (sub == null || known.length() > sub.length()) {
                    sub = known;
                }
            }
        }
        if (sub == null) {
            return "az command not in the table of what az commands require (add it): " + command;
        }
        Set<String> flags = new LinkedHashSet<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("-")) {
                boolean hasValue = i + 1 < words.size() && !words.get(i + 1).startsWith("-");
                if (hasValue) {
                    flags.add(w);
                }
            }
        }
        List<List<String>> alternatives = AZ_REQUIRES.get(sub);
        for (List<String> needed : alternatives) {
            if (needed.stream().allMatch(spellings -> Stream.of(spellings.split("\\|")).anyMatch(flags::contains))) {
                return null;
            }
        }
        return "az " + sub + " requires " + alternatives + ": " + command;
    }

    @Test
    void tableOfAzRequirementsIsWellFormed() {
        AZ_REQUIRES.forEach((k, v) -> {
            if (v.isEmpty()) {
                fail(k + " lists no alternative");
            }
        });
    }
}
