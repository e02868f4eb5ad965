package dev.dicomcmk.reliability;

import dev.dicomcmk.azure.CloudProfile;
import dev.dicomcmk.azure.CloudProfiles;
import dev.dicomcmk.model.Durations;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.template.ServiceResourceFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thousands of mutated inputs per parser: each either parses into a value that holds the parser's
 * own promises (it round-trips, its parts are valid) or is refused with the one documented
 * exception, {@link InvalidInputException}, whose message is one bounded line. Nothing else may
 * escape and nothing may hang.
 */
class ParserFuzzTest {

    static final long SEED = Long.getLong("fuzz.seed", 8L);
    static final int N = Integer.getInteger("fuzz.count", 3000);
    private static final String V = "0123456789abcdef0123456789abcdef";
    private static final String SUB = "11111111-2222-3333-4444-555555555555";

    @TempDir
    static Path tmp;

    /** One parser under fuzz: its valid seeds and what a successful parse must satisfy (null = fine). */
    record Target(String name, List<String> seeds, Function<String, String> parseAndCheck) {
    }

    static List<Target> targets() {
        return List.of(
                new Target("KeyUrl.parse", List.of("https://kv1.vault.azure.net/keys/k/" + V, "https://kv1.vault.azure.net/keys/k",
                        "https://hsm-1.managedhsm.azure.net/keys/dicom-key/" + V + "/"), s -> {
                    KeyUrl k = KeyUrl.parse(s, "vault.azure.net", "managedhsm.azure.net");
                    KeyUrl again = KeyUrl.parse(k.url(), "vault.azure.net", "managedhsm.azure.net");
                    return again.equals(k) ? onlySafeCharacters(k.url()) : "does not round-trip: " + k + " vs " + again;
                }),
                new Target("ServiceId.parse", List.of("/subscriptions/" + SUB + "/resourceGroups/rg-1/providers/"
                        + "Microsoft.HealthcareApis/workspaces/ws1/dicomservices/dicom1", "ws1/dicom1"), s -> {
                    ServiceId id = ServiceId.parse(s, s.startsWith("/") ? null : "rg-1", s.startsWith("/") ? null : SUB);
                    ServiceId again = ServiceId.parse(id.armId(), null, null);
                    return again.equals(id) ? onlySafeCharacters(id.armId()) : "does not round-trip: " + id + " vs " + again;
                }),
                new Target("Durations.parse", List.of("90d", "P90D", "12h", "30m", "PT1H30M", "2w"), s -> {
                    Duration d = Durations.parse(s, "--if-older-than");
                    return d.isNegative() ? "negative duration " + d : null;
                }),
                new Target("CloudProfiles.parse", List.of("{\"name\":\"Lab\",\"resourceManagerEndpoint\":\"https://management.lab.example/\","
                        + "\"resourceManagerAudience\":\"https://management.lab.example/\",\"authorityHost\":\"https://login.lab.example/\","
                        + "\"keyVaultDnsSuffix\":\"vault.lab.example\",\"managedHsmDnsSuffix\":\"managedhsm.lab.example\","
                        + "\"instanceDiscovery\":false,\"routes\":[{\"suffix\":\"lab.example\",\"address\":\"127.0.0.1:8443\"}]}"), s -> {
                    CloudProfile p = CloudProfiles.parse(s, tmp.resolve("cloud.json"));
                    if (!"https".equals(p.resourceManagerEndpoint().getScheme()) || !"https".equals(p.authorityHost().getScheme())) {
                        return "accepted a non-https endpoint: " + p;
                    }
                    for (CloudProfile.Route r : p.routes()) {
                        int port = Integer.parseInt(r.address().substring(r.address().lastIndexOf(':') + 1));
                        if (port < 1 || port > 65535) {
                            return "accepted a route to port " + port;
                        }
                    }
                    return null;
                }),
                new Target("ServiceResourceFile.load", List.of("{\"type\":\"Microsoft.HealthcareApis/workspaces/dicomservices\","
                        + "\"id\":\"/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.HealthcareApis/workspaces/ws/"
                        + "dicomservices/d\",\"name\":\"ws/d\",\"location\":\"westus2\",\"properties\":{}}"), s -> {
                    try {
                        // getBytes replaces what UTF-8 cannot encode (a lone surrogate); raw bytes are fuzzed too
                        Path f = Files.write(tmp.resolve("service.json"), s.getBytes(StandardCharsets.UTF_8));
                        ServiceResourceFile.load(f);
                        return null;
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyParserRefusesHostileInputWithTheDocumentedExceptionOnly() {
        return targets().stream().map(t -> DynamicTest.dynamicTest(t.name() + " × " + N + " inputs (seed " + SEED + ")",
                () -> assertTimeoutPreemptively(Duration.ofSeconds(60), () -> fuzz(t))));
    }

    private static void fuzz(Target t) {
        int refused = 0;
        for (String input : new Fuzz(SEED).inputs(t.seeds(), N)) {
            try {
                String problem = t.parseAndCheck().apply(input);
                if (problem != null) {
                    fail(t.name() + " accepted " + Fuzz.show(input) + " but " + problem);
                }
            } catch (InvalidInputException e) {
                refused++;
                String m = e.getMessage();
                assertTrue(m != null && !m.isBlank(), "empty message for " + Fuzz.show(input));
                assertTrue(m.length() <= 1000, "a " + m.length() + "-character message for " + Fuzz.show(input));
            } catch (RuntimeException | Error e) {
                throw new AssertionError(t.name() + " threw " + e + " for " + Fuzz.show(input), e);
            }
        }
        assertTrue(refused > N / 4, "the mutations hardly ever broke the input (" + refused + " refused): the fuzzer is weak");
        // the seeds themselves always parse: a parser that refuses everything would pass the loop above
        for (String seed : t.seeds()) {
            assertEquals(null, t.parseAndCheck().apply(seed), t.name() + " " + seed);
        }
    }

    /** Parsed values go into URLs, templates and terminal output: nothing but printable ASCII may survive. */
    private static String onlySafeCharacters(String s) {
        return s.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '\'' && c != '"' && c != '[' && c != ']')
                ? null : "kept an unsafe character: " + Fuzz.show(s);
    }
}
