package dev.dicomcmk;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No test hooks in the tool: no environment variable or system property whose name says it is for tests
 * (DICOM_CMK_TEST_..., ..._TEST_HOOK, ...). A test that must hold or break a run fakes a port (see
 * rotation.RotationSteps#checkpoint) or has the sandbox misbehave; ArchitectureTest keeps test libraries out.
 */
class NoTestHooksTest {

    private static final Pattern HOOK_NAME = Pattern.compile("\"((?:DICOM_CMK|dicomcmk)[._][A-Za-z_.]*(?:TEST|[Tt]est)[A-Za-z_.]*)\"");

    @Test
    void productionSourcesNameNoTestHook() throws Exception {
        List<String> hooks = new ArrayList<>();
        int files = 0;
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path p : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                files++;
                Matcher m = HOOK_NAME.matcher(Files.readString(p));
                while (m.find()) {
                    hooks.add(p + ": " + m.group(1));
                }
            }
        }
        assertTrue(files > 100, "the production sources were read: " + files);
        assertEquals(List.of(), hooks, "test hooks in production code");
    }

    @Test
    void theScanFindsAHookWhereThereIsOne() {
        assertTrue(HOOK_NAME.matcher("static final String PAUSE_AT = \"DICOM_CMK_TEST_PAUSE_AT\";").find());
        assertTrue(HOOK_NAME.matcher("System.getProperty(\"dicomcmk.test.fail\")").find());
    }
}
