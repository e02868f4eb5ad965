package dev.dicomcmk.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.requirements.CheckSettings;
import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.Requirement;
import dev.dicomcmk.requirements.Verdict;
import dev.dicomcmk.template.ArmTemplateRenderer;
import dev.dicomcmk.template.DesiredState;
import dev.dicomcmk.template.RenderedTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.dicomcmk.requirements.Requirement.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What update-via-arm renders must pass the preflight: our own template is the first one CI sees. */
class RenderedTemplatePreflightTest {
    private static final String KEY = "https://kv-dicom.vault.azure.net/keys/dicom-cmk/0123456789abcdef0123456789abcdef";

    @Test
    void theRenderersOutputPassesAndSkipsWhatItDoesNotDeclare(@TempDir Path dir) throws Exception {
        JsonNode service = new ObjectMapper().readTree(Path.of("src/test/resources/template/service-healthy.json").toFile());
        RenderedTemplate rendered = new ArmTemplateRenderer("1.2.3").render(service, DesiredState.keyOnly(KEY));
        Files.writeString(dir.resolve("azuredeploy.json"), rendered.templateJson());
        Files.writeString(dir.resolve("azuredeploy.parameters.json"), rendered.parametersJson());

        List<Report> reports = new TemplatePreflight(new PreflightSettings(CheckSettings.defaults(), Preflights.NOW,
                DnsSuffixes.AZURE_CLOUD, null, null)).check(dir.resolve("azuredeploy.json"), "azuredeploy.json",
                dir.resolve("azuredeploy.parameters.json"), "azuredeploy.parameters.json");

        assertEquals(1, reports.size());
        Report report = reports.get(0);
        Map<Requirement, Verdict> verdicts = Preflights.verdicts(report);
        assertTrue(!report.hasFailures(true), report.findings().toString());
        assertEquals(Verdict.PASS, verdicts.get(KEY_URL_VERSIONED));
        assertEquals(Verdict.PASS, verdicts.get(SERVICE_IDENTITY));
        // the vault is not in this template: decided at deployment time, so SKIP (and --strict passes)
        for (Requirement r : List.of(KEY_LOCATION, KEY_TYPE, KEY_SIZE, KEY_ENABLED, KEY_EXPIRY_HORIZON, KEY_OPS, KEY_OLD_VERSIONS_ENABLED,
                KEY_ROTATION_AGE, KEY_AUTO_ROTATION_GAP, VAULT_SOFT_DELETE, VAULT_PURGE_PROTECTION, VAULT_SAME_TENANT,
                VAULT_FIREWALL_BYPASS, IDENTITY_KEY_ACCESS, IDENTITY_LEAST_PRIVILEGE, MHSM_PRIVATE_UAMI)) {
            assertEquals(Verdict.SKIP, verdicts.get(r), r.id());
        }
        assertTrue(report.finding(VAULT_PURGE_PROTECTION).detail().contains("not determinable offline"));
        assertEquals(KEY, report.keyUrl());
        // the key URL is a parameter given in the parameters file: that is where the finding points
        Finding.Location at = report.finding(KEY_URL_VERSIONED).location();
        assertEquals("azuredeploy.parameters.json", at.file());
        assertEquals("/parameters/keyEncryptionKeyUrl/value", at.jsonPointer());
        assertTrue(at.line() > 1);
    }
}
