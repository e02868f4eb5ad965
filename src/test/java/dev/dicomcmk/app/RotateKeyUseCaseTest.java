package dev.dicomcmk.app;

import dev.dicomcmk.model.KeyFacts;
import dev.dicomcmk.model.KeyFacts.KeyVersionFacts;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.Observed;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.rotation.Rotation;
import dev.dicomcmk.rotation.RotationMode;
import dev.dicomcmk.rotation.RotationResult;
import dev.dicomcmk.rotation.RotationSteps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rotate-key's use case over a fake {@link RotationPort}, no Azure: what a fleet's dry run asks the port to preview
 * (the use case, not the adapter, picks the version), and how a service's failure becomes its row.
 */
class RotateKeyUseCaseTest {

    static final String SUB = "00000000-0000-0000-0000-000000000001";
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final String V1 = "1".repeat(32);
    static final String V2 = "2".repeat(32);
    static final String V3 = "3".repeat(32);
    static final KeyUrl CURRENT = KeyUrl.parse("https://kv1.vault.azure.net/keys/k/" + V1, "vault.azure.net",
            "managedhsm.azure.net");

    @TempDir
    Path state;

    /** Records what the use case asks; every service's steps fail (this test is about the use case, not a rotation). */
    static final class FakePort implements RotationPort {
        WhatIfTarget whatIfs;
        boolean dryRunReadsAsked;
        final List<ServiceId> stepsAskedFor = new ArrayList<>();

        @Override
        public List<Listed> fleet(String subscription, String resourceGroup, boolean keepResources) {
            return List.of(new Listed(ServiceId.of(SUB, "rg", "workspace1", "dicom-a"), null),
                    new Listed(ServiceId.of(SUB, "rg", "workspace1", "dicom-b"), null));
        }

        @Override
        public SharedReads dryRunReads(List<Listed> services, Map<String, String> vaultIds, WhatIfTarget whatIfs,
                                       int parallel, Consumer<String> progress) {
            this.dryRunReadsAsked = true;
            this.whatIfs = whatIfs;
            return new SharedReads() {
            };
        }

        @Override
        public synchronized RotationSteps steps(Listed service, SharedReads shared, Map<String, String> vaultIds,
                                                Wiring wiring) {
            stepsAskedFor.add(service.id());
            throw new IllegalStateException("no Azure here: " + service.id().shortName());
        }

        @Override
        public String describeFailure(RuntimeException failure) {
            return "described: " + failure.getMessage();
        }

        @Override
        public <T> T perService(Supplier<T> work) {
            return work.get();
        }

        @Override
        public Instant now() {
            return NOW;
        }
    }

    static final class Quiet implements RotateKey.Listener {
        final List<String> confirmed = new ArrayList<>();

        @Override
        public void progress(String status) {
        }

        @Override
        public void confirm(String question) {
            confirmed.add(question);
        }

        @Override
        public void confirm(List<String> shown, String question) {
            confirmed.add(question);
        }
    }

    private RotateKey useCase(FakePort port, Quiet listener, RotationMode mode, boolean dryRun, Duration ifOlderThan) {
        return new RotateKey(port, null, state, new RotateKey.Request(mode, null, ifOlderThan, dryRun,
                Duration.ZERO, true, 2, "dicom-cmk rotate-key", false), listener);
    }

    private static KeyFacts key(KeyVersionFacts... versions) {
        return new KeyFacts(CURRENT, "RSA-HSM", 3072, null, List.of("wrapKey", "unwrapKey"), true, null, null,
                NOW.minus(Duration.ofDays(100)), null, "Recoverable+Purgeable", Observed.known(List.of(versions)),
                Observed.unknown("not read"));
    }

    @Test
    void toLatestDryRunPreviewsTheNewestUsableVersionByTheUseCasesOwnChoice() {
        FakePort port = new FakePort();
        Quiet listener = new Quiet();
        List<RotationResult> rows = useCase(port, listener, RotationMode.TO_LATEST, true, null).all("sub", null);

        assertTrue(port.dryRunReadsAsked);
        assertTrue(listener.confirmed.isEmpty(), "a dry run asks nothing");
        RotationPort.WhatIfTarget target = port.whatIfs;
        assertNotNull(target);
        // V2 is newer and enabled; V3 is newer still but not valid before Azure's clock (the port's now)
        KeyFacts key = key(new KeyVersionFacts(V1, true, NOW.minus(Duration.ofDays(100)), null, null),
                new KeyVersionFacts(V2, true, NOW.minus(Duration.ofDays(1)), null, null),
                new KeyVersionFacts(V3, true, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)), null));
        assertEquals(CURRENT.withVersion(V2).url(), target.target(CURRENT, url -> key).url());
        // already on the newest usable version, or the versions unreadable: nothing to preview
        assertNull(target.target(CURRENT.withVersion(V2), url -> key));
        KeyFacts unreadable = new KeyFacts(CURRENT, "RSA-HSM", 3072, null, List.of(), true, null, null, NOW, null,
                "Recoverable+Purgeable", Observed.unknown("403"), Observed.unknown("not read"));
        assertNull(target.target(CURRENT, url -> unreadable));

        assertEquals(2, rows.size());
        assertEquals("failed: described: no Azure here: workspace1/dicom-a", rows.get(0).message());
        assertEquals("failed: described: no Azure here: workspace1/dicom-b", rows.get(1).message());
    }

    @Test
    void newVersionDryRunPreviewsThePlaceholderVersion() {
        FakePort port = new FakePort();
        useCase(port, new Quiet(), RotationMode.NEW_VERSION, true, null).all("sub", null);
        assertEquals(CURRENT.withVersion(Rotation.PLACEHOLDER_VERSION).url(),
                port.whatIfs.target(CURRENT, url -> { throw new AssertionError("a new version reads no key"); }).url());
    }

    @Test
    void aSelectionByAgeOrARunThatWritesBatchesNoWhatIfs() {
        FakePort byAge = new FakePort();
        useCase(byAge, new Quiet(), RotationMode.TO_LATEST, true, Duration.ofDays(90)).all("sub", null);
        assertTrue(byAge.dryRunReadsAsked, "a dry run still shares its reads");
        assertNull(byAge.whatIfs, "each service selected by age asks its own what-if");

        FakePort writes = new FakePort();
        Quiet listener = new Quiet();
        List<RotationResult> rows = useCase(writes, listener, RotationMode.TO_LATEST, false, null).all("sub", null);
        assertTrue(!writes.dryRunReadsAsked, "a run that writes reads each vault as it is then");
        assertEquals(List.of("Rotate the keys of 2 DICOM services?"), listener.confirmed);
        assertEquals(2, writes.stepsAskedFor.size());
        assertEquals(2, rows.size());
    }
}
