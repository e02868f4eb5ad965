package dev.dicomcmk.cli;

import dev.dicomcmk.sandbox.WorldViews;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.sandbox.SandboxIds;
import dev.dicomcmk.sandbox.world.DicomService;
import dev.dicomcmk.sandbox.world.UserAssignedIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** update-via-arm: render, what-if exit codes, deploy with verification, and property preservation. */
class UpdateViaArmTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String[] args(String... more) {
        List<String> all = new ArrayList<>(List.of("update-via-arm", "--service", "demo-ws/demo-dicom", "-g", "demo-rg"));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static String olderKey(SandboxCli cli) {
        String v1 = cli.sandbox.world().keyVersions("demo-kv", "demo-key").get(0);
        return "https://demo-kv.vault.sandbox.test/keys/demo-key/" + v1;
    }

    @Test
    void rendersFilesAndRendersOfflineFromASavedResource(@TempDir Path dir) throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            CliRunner.Result r = cli.run(args("--out-dir", dir.toString()));
            assertEquals(0, r.exitCode(), r.describe());
            JsonNode params = JSON.readTree(dir.resolve("azuredeploy.parameters.json").toFile());
            assertEquals("SystemAssigned", params.path("parameters").path("identityType").path("value").asText());
            assertEquals(0, cli.sandbox.requestLog().writes(), "rendering writes nothing to Azure");

            // offline: a saved resource, no Azure at all (the default cloud is never contacted)
            Path saved = Files.writeString(dir.resolve("service.json"), serviceJson(cli));
            Path offline = Files.createDirectory(dir.resolve("offline"));
            String azureKey = "https://contoso-kv.vault.azure.net/keys/dicom-key/0123456789abcdef0123456789abcdef";
            CliRunner.Result off = new CliRunner().run("update-via-arm", "--from-file", saved.toString(), "--key-url",
                    azureKey, "--out-dir", offline.toString());
            assertEquals(0, off.exitCode(), off.describe());
            assertTrue(Files.readString(offline.resolve("azuredeploy.parameters.json")).contains(azureKey));
            assertEquals(2, new CliRunner().run("update-via-arm", "--from-file", saved.toString(), "--deploy").exitCode());
            assertEquals(2, new CliRunner().run("update-via-arm", "--from-file", dir.resolve("nope.json").toString())
                    .exitCode());
        }
    }

    private static String serviceJson(SandboxCli cli) throws Exception {
        return WorldViews.dicomService(cli.sandbox, "demo-ws", "demo-dicom").toString();
    }

    @Test
    void whatIfExitCodes() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            CliRunner.Result same = cli.run(args("--what-if"));
            assertEquals(0, same.exitCode(), same.describe());
            assertTrue(same.out().contains("no change"), same.describe());
            CliRunner.Result change = cli.run(args("--what-if", "--key-url", olderKey(cli), "-o", "json"));
            assertEquals(3, change.exitCode(), change.describe());
            JsonNode doc = JSON.readTree(change.out());
            assertTrue(doc.path("changes").asBoolean(), change.describe());
            assertTrue(change.out().contains("properties.encryption.customerManagedKeyEncryption.keyEncryptionKeyUrl"),
                    change.describe());
            assertEquals(0, cli.sandbox.requestLog().deploymentPuts().size(), "what-if deploys nothing");
        }
    }

    @Test
    void deploysAKeyChangeAndVerifiesIt() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            CliRunner.Result r = cli.run(args("--deploy", "--key-url", olderKey(cli)));
            assertEquals(0, r.exitCode(), r.describe());
            assertTrue(r.out().contains("deployed dicom-cmk-demo-ws-demo-dicom-"), r.describe());
            assertEquals(olderKey(cli), cli.sandbox.world().keyEncryptionKeyUrl("demo-ws", "demo-dicom"));
            long writes = cli.sandbox.requestLog().writes();
            CliRunner.Result again = cli.run(args("--what-if", "--key-url", olderKey(cli)));
            assertEquals(0, again.exitCode(), again.describe());
            CliRunner.Result redeploy = cli.run(args("--deploy", "--key-url", olderKey(cli)));
            assertEquals(0, redeploy.exitCode(), redeploy.describe());
            assertTrue(redeploy.out().contains("nothing to deploy"), redeploy.describe());
            assertEquals(writes, cli.sandbox.requestLog().writes(), "a second run writes nothing");
        }
    }

    @Test
    void identityMovedIsFixedByGrantAndRedeploy() throws Exception {
        try (SandboxCli cli = new SandboxCli("identity-moved")) {
            assertEquals(3, cli.run("validate-key", "--service", "demo-ws/demo-dicom", "-g", "demo-rg", "-q").exitCode());
            CliRunner.Result grant = cli.run("enable-identity", "--service", "demo-ws/demo-dicom", "-g", "demo-rg",
                    "--grant-key-access");
            assertEquals(0, grant.exitCode(), grant.describe());
            CliRunner.Result deploy = cli.run(args("--deploy"));
            assertEquals(0, deploy.exitCode(), deploy.describe());
            assertTrue(deploy.out().contains("deployed "), "an unchanged template is still deployed to take up the "
                    + "identity: " + deploy.describe());
            CliRunner.Result check = cli.run("validate-key", "--service", "demo-ws/demo-dicom", "-g", "demo-rg", "-q");
            assertEquals(0, check.exitCode(), check.describe());
            assertTrue(cli.sandbox.world().serviceAvailable("demo-ws", "demo-dicom"));
        }
    }

    @Test
    void refusesAKeyThatFailsUnlessForced() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            String v1 = cli.sandbox.world().keyVersions("demo-kv", "demo-key").get(0);
            cli.sandbox.world().setKeyEnabled("demo-kv", "demo-key", v1, false);
            CliRunner.Result r = cli.run(args("--deploy", "--key-url", olderKey(cli)));
            assertEquals(3, r.exitCode(), r.describe());
            assertTrue(r.out().contains("FAIL  KEY-ENABLED"), r.describe());
            assertTrue(r.err().contains("not deployed"), r.describe());
            assertEquals(0, cli.sandbox.requestLog().deploymentPuts().size());
        }
    }

    @Test
    void everyOtherPropertySurvivesTheDeployment() throws Exception {
        try (SandboxCli cli = new SandboxCli("user-assigned")) {
            String second = cli.sandbox.world().read(w -> {
                UserAssignedIdentity extra = new UserAssignedIdentity();
                extra.name = "second-uami";
                extra.resourceGroup = "demo-rg";
                extra.location = "westus2";
                extra.principalId = "7b0c2d4e-1f3a-4b5c-8d6e-9f0a1b2c3d4e";
                extra.clientId = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
                extra.tenantId = SandboxIds.TENANT_ID;
                return extra.id(w.subscriptionId);
            });
            cli.sandbox.world().update(w -> {
                UserAssignedIdentity extra = new UserAssignedIdentity();
                extra.name = "second-uami";
                extra.resourceGroup = "demo-rg";
                extra.location = "westus2";
                extra.principalId = "7b0c2d4e-1f3a-4b5c-8d6e-9f0a1b2c3d4e";
                extra.clientId = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
                extra.tenantId = SandboxIds.TENANT_ID;
                w.userAssignedIdentities.add(extra);
                DicomService s = w.demoService();
                s.userAssignedIdentities.add(second);
                s.tags.put("costCenter", "[radiology]");
                s.tags.put("owner", "pacs-team");
                s.enableDataPartitions = true;
                s.publicNetworkAccess = "Disabled";
                s.corsConfiguration = JSON.valueToTree(Map.of("origins", List.of("https://viewer.contoso.test"),
                        "headers", List.of("*"), "methods", List.of("GET", "POST"), "maxAge", 1440,
                        "allowCredentials", false));
                s.storageConfiguration = JSON.valueToTree(Map.of("storageResourceId", "/subscriptions/"
                        + w.subscriptionId + "/resourceGroups/demo-rg/providers/Microsoft.Storage/storageAccounts/dicomdata",
                        "fileSystemName", "dicom"));
            });
            JsonNode before = JSON.readTree(serviceJson(cli));
            CliRunner.Result r = cli.run(args("--deploy", "--key-url", olderKey(cli)));
            assertEquals(0, r.exitCode(), r.describe());
            JsonNode after = JSON.readTree(serviceJson(cli));
            for (String field : List.of("corsConfiguration", "storageConfiguration", "enableDataPartitions",
                    "publicNetworkAccess")) {
                assertEquals(before.path("properties").path(field), after.path("properties").path(field), field);
            }
            assertEquals(before.path("tags"), after.path("tags"), "tags");
            assertEquals(before.path("location"), after.path("location"), "location");
            assertEquals(before.path("identity"), after.path("identity"), "identities");
            assertEquals(2, after.path("identity").path("userAssignedIdentities").size());
            assertEquals("[radiology]", after.path("tags").path("costCenter").asText(), "a name is never evaluated");
            assertEquals(olderKey(cli), after.path("properties").path("encryption").path("customerManagedKeyEncryption")
                    .path("keyEncryptionKeyUrl").asText());
        }
    }
}
