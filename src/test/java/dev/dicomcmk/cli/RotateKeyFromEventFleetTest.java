package dev.dicomcmk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.sandbox.Sandbox;
import dev.dicomcmk.sandbox.SpreadFleet;
import dev.dicomcmk.testing.KeyVaultRotation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rotate-key --from-event over a fleet spread across subscriptions (fleet-30-in-5: subscription 4 holds no role for
 * the operator, 5 is another tenant's): the services on the event's key are found with one Resource Graph query in
 * every subscription the principal can read, not only $AZURE_SUBSCRIPTION_ID's; a service the principal cannot read
 * is warned about by its identity, which the key's vault still grants.
 */
class RotateKeyFromEventFleetTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GRAPH = "/providers/Microsoft.ResourceGraph/resources";

    /** fleet-key-0003: dicom-0007 (subscription 2, current), dicom-0008 (3, older version), dicom-0009 (4, unreadable). */
    private static final String SHARED = "fleet-key-0003";


    private static Path lastEvent(SandboxCli cli, Path dir) throws Exception {
        List<String> lines = Files.readAllLines(cli.dir.resolve(Sandbox.EVENTS_FILE));
        return Files.writeString(dir.resolve("event.json"), lines.get(lines.size() - 1));
    }

    private static String key(SandboxCli cli, String service) {
        return cli.sandbox.world().keyEncryptionKeyUrl("fleet-ws-01", service);
    }

    private static String principal(SandboxCli cli, String service) {
        return cli.sandbox.world().read(w -> w.dicomServices.stream().filter(d -> d.name.equals(service)).findFirst()
                .map(d -> d.principalId).orElseThrow());
    }

    @Test
    void aNewVersionEventRepointsTheKeysServicesInEverySubscriptionAndWarnsOfOneItCannotRead(@TempDir Path tmp)
            throws Exception {
        try (SandboxCli cli = new SandboxCli("fleet-30-in-5", true)) {
            String unreadBefore = key(cli, "dicom-0009");
            String v = KeyVaultRotation.newVersion(cli.sandbox, "fleet-kv", SHARED);
            Path event = lastEvent(cli, tmp);

            // $AZURE_SUBSCRIPTION_ID (the home subscription, which holds none of them) does not narrow the search
            CliRunner.Result r = cli.run("rotate-key", "--from-event", event.toString(), "--verify-for", "1s", "-o", "json");
            assertEquals(0, r.exitCode(), r.describe());
            JsonNode services = JSON.readTree(r.out()).path("services");
            assertEquals(2, services.size(), r.out());
            services.forEach(s -> assertEquals("succeeded", s.path("outcome").asText(), s.toString()));
            List<String> moved = new ArrayList<>();
            services.forEach(s -> moved.add(s.path("service").asText()));
            assertTrue(moved.stream().anyMatch(s -> s.contains(SpreadFleet.subscriptionId(2)) && s.endsWith("/dicom-0007")), r.out());
            assertTrue(moved.stream().anyMatch(s -> s.contains(SpreadFleet.subscriptionId(3)) && s.endsWith("/dicom-0008")), r.out());
            assertTrue(key(cli, "dicom-0007").endsWith("/" + SHARED + "/" + v), r.describe());
            assertTrue(key(cli, "dicom-0008").endsWith("/" + SHARED + "/" + v), "the one on an older version too");
            // the services on other keys stay where they were; the unreadable one could not be moved ...
            assertFalse(key(cli, "dicom-0006").endsWith("/" + v) || key(cli, "dicom-0010").endsWith("/" + v));
            assertEquals(unreadBefore, key(cli, "dicom-0009"));
            // ... and is reported, by the identity the key's vault still grants, not silently skipped
            String id9 = principal(cli, "dicom-0009");
            List<String> warnings = r.err().lines().filter(l -> l.startsWith("warning: identity ")).toList();
            assertEquals(1, warnings.size(), r.describe());
            assertTrue(warnings.get(0).contains(id9) && warnings.get(0).contains("was not moved")
                    && warnings.get(0).contains("Reader"), r.describe());
            assertEquals(1, cli.sandbox.requestLog().entries().stream().filter(e -> e.path().equalsIgnoreCase(GRAPH)).count(),
                    "one Resource Graph query finds the key's services");

            // the same event again changes nothing
            long writes = cli.sandbox.requestLog().successfulWrites().size();
            CliRunner.Result again = cli.run("rotate-key", "--from-event", event.toString(), "--verify-for", "1s", "-o", "json");
            assertEquals(0, again.exitCode(), again.describe());
            JSON.readTree(again.out()).path("services")
                    .forEach(s -> assertEquals("up-to-date", s.path("outcome").asText(), s.toString()));
            assertEquals(writes, cli.sandbox.requestLog().successfulWrites().size(), again.describe());

            // --subscription on the command line narrows the search to it
            CliRunner.Result narrowed = cli.run("--subscription", SpreadFleet.subscriptionId(3), "-q", "rotate-key",
                    "--from-event", event.toString(), "--dry-run");
            assertEquals(0, narrowed.exitCode(), narrowed.describe());
            assertEquals(1, narrowed.out().strip().lines().count(), narrowed.describe());
            assertTrue(narrowed.out().contains("dicom-0008") && !narrowed.out().contains("dicom-0007"), narrowed.describe());
        }
    }

    @Test
    void aNearExpiryEventListsThePinnedServicesAcrossSubscriptionsAndExits3(@TempDir Path tmp) throws Exception {
        // fleet-key-0001 serves dicom-0001, -0002, -0003 in subscriptions 1, 2 and 3, all on its current version
        try (SandboxCli cli = new SandboxCli("fleet-30-in-5", true)) {
            long exp = cli.sandbox.world().read(w -> w.vault("fleet-kv").orElseThrow().key("fleet-key-0001").orElseThrow()
                    .latest().exp);
            long now = cli.sandbox.clock().nowEpochSecond();
            cli.sandbox.clock().advance(Duration.ofSeconds(exp - now - 20L * 86400));
            JsonNode near = cli.sandbox.events().stream()
                    .filter(e -> e.path("eventType").asText().equals("Microsoft.KeyVault.KeyNearExpiry")
                            && e.path("subject").asText().equals("fleet-key-0001"))
                    .findFirst().orElseThrow(() -> new AssertionError("no KeyNearExpiry: " + cli.sandbox.events()));
            Path event = Files.writeString(tmp.resolve("near.json"), near.toString());
            CliRunner.Result r = cli.run("rotate-key", "--from-event", event.toString());
            assertEquals(3, r.exitCode(), r.describe());
            for (int i = 1; i <= 3; i++) {
                assertTrue(r.out().contains(SpreadFleet.subscriptionId(i) + "/fleet-rg-0" + i + "/fleet-ws-01/dicom-000" + i),
                        r.describe());
            }
            assertTrue(r.err().contains("3 services are still on a key version that is near its expiry"), r.describe());
            assertFalse(r.err().contains("warning: identity"), "every identity on the key is a service found: " + r.describe());
        }
    }

    @Test
    void whereToLookIsOneChoice(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("e.json"), "{\"eventType\":\"Microsoft.KeyVault.KeyNewVersionCreated\","
                + "\"data\":{\"Id\":\"https://fleet-kv.vault.sandbox.test/keys/k/0123456789abcdef0123456789abcdef\"}}");
        String[] event = {"rotate-key", "--from-event", file.toString()};
        for (String[] more : List.of(new String[] {"--all-subscriptions", "--management-group", "fleet-mg"},
                new String[] {"--subscription", SpreadFleet.subscriptionId(1), "--management-group", "fleet-mg"},
                new String[] {"--uses-key", "https://fleet-kv.vault.sandbox.test/keys/k"})) {
            List<String> args = new ArrayList<>(List.of("--sandbox"));
            args.addAll(List.of(event));
            args.addAll(List.of(more));
            assertEquals(2, CliRunner.exec(args.toArray(String[]::new)).exitCode(), String.join(" ", args));
        }
        // each alone is a place to look: the event is followed (its key has no service here)
        CliRunner.Result one = CliRunner.exec("--sandbox", "rotate-key", "--from-event", file.toString(), "--all-subscriptions",
                "--dry-run");
        assertEquals(0, one.exitCode(), one.describe());
    }
}
