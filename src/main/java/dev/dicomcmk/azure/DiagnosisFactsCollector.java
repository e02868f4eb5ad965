package dev.dicomcmk.azure;

import dev.dicomcmk.model.DiagnosisFacts;
import dev.dicomcmk.model.DeletedKeyFacts;
import dev.dicomcmk.model.HealthFacts;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.Observed;
import dev.dicomcmk.model.ProbeResult;
import dev.dicomcmk.model.ServiceFacts;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.model.CmkFacts;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Gathers what a diagnosis needs: {@link FactsCollector}'s facts with Resource Health beside them;
 * then, side by side, the deleted-key lookup (only when Key Vault no longer finds the key) and the
 * DICOM API probe (only when asked), both of which need what the first round found.
 */
public final class DiagnosisFactsCollector {

    private final AzureSession session;
    private final DicomApiProbe probe;

    /** @param probe the DICOM API probe, or null to leave the API alone */
    public DiagnosisFactsCollector(AzureSession session, DicomApiProbe probe) {
        this.session = session;
        this.probe = probe;
    }

    public DiagnosisFacts collect(ServiceId service) {
        CompletableFuture<Observed<HealthFacts>> health = CompletableFuture.supplyAsync(() -> Facts.observe(
                "read Resource Health of " + service.shortName(),
                () -> new ResourceHealthReader(session.arm()).read(service)), session.executor());
        // on this thread: FactsCollector fans out on the executor itself
        CmkFacts cmk = new FactsCollector(session).collect(new FactsRequest(service, null, service.subscriptionId()));

        CompletableFuture<Observed<DeletedKeyFacts>> deleted = cmk.keyNotFound() && cmk.keyUrl().isKnown()
                ? CompletableFuture.supplyAsync(() -> deletedKey(cmk.keyUrl().value()), session.executor())
                : CompletableFuture.completedFuture(Observed.notApplicable("not looked for: "
                + (cmk.key().isKnown() ? "the key exists" : "the key could not be read")));
        Observed<ProbeResult> skipped = probeSkipped(cmk);
        CompletableFuture<Observed<ProbeResult>> probed = skipped != null ? CompletableFuture.completedFuture(skipped)
                : CompletableFuture.supplyAsync(() -> Observed.known(probe.probe(cmk.service().value().serviceUrl())),
                session.executor());
        return new DiagnosisFacts(service, cmk, await(health), await(deleted), await(probed));
    }

    private Observed<DeletedKeyFacts> deletedKey(KeyUrl url) {
        Observed<java.util.Optional<DeletedKeyFacts>> found = Facts.observe("look for key " + url.keyName()
                + " among the deleted keys of " + url.vaultName(), () -> new DeletedKeyReader(session).find(url));
        if (!found.isKnown()) {
            return Observed.unknownAs(found);
        }
        return found.value().map(Observed::known).orElseGet(() -> Observed.unknown("key " + url.keyName()
                + " is not among the deleted keys of " + url.vaultName() + " (purged, or never there)"));
    }

    /** Why the probe is not made, or null when it is. */
    private Observed<ProbeResult> probeSkipped(CmkFacts cmk) {
        if (probe == null) {
            return Observed.notApplicable("not probed (add --probe to call the DICOM API)");
        }
        if (!cmk.service().isKnown()) {
            return Observed.unknownAs(cmk.service());
        }
        ServiceFacts s = cmk.service().value();
        if (s.serviceUrl() == null || s.serviceUrl().isBlank()) {
            return Observed.unknown("the service reports no serviceUrl to probe");
        }
        return null;
    }

    /** Waits within --timeout; an Azure failure inside surfaces as itself. */
    private <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(session.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AzureFailure(AzureFailure.Kind.TIMEOUT, "diagnose", 0, "Timeout",
                    "Azure did not answer within " + session.timeout().toSeconds() + "s; raise --timeout or try again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AzureFailure(AzureFailure.Kind.FAILED, "diagnose", 0, null, "interrupted", e);
        } catch (ExecutionException e) {
            throw AzureErrors.fromThrowable("diagnose", e.getCause() == null ? e : e.getCause());
        }
    }
}
