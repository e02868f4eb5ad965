package dev.dicomcmk.preflight;

import dev.dicomcmk.cli.CliRunner;
import dev.dicomcmk.cli.CliRunner.Result;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class TerraformPlanCliTest {
    static final String DIR = "src/test/resources/terraform/";

    static void assertExit(int code, Result r) {
        assertEquals(code, r.exitCode(), r.describe());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.describe());
    }

    @Test
    void goodChainExitsZero() {
        Result r = CliRunner.exec("validate-key", "--terraform-plan", DIR + "good.tfplan.json");
        System.out.println(r.describe());
        assertExit(0, r);
    }
}
