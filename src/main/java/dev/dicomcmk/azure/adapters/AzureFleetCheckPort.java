package dev.dicomcmk.azure.adapters;

import dev.dicomcmk.app.FleetCheckPort;
import dev.dicomcmk.azure.AzureErrors;
import dev.dicomcmk.azure.AzureFailure;
import dev.dicomcmk.azure.AzureSession;
import dev.dicomcmk.azure.DicomServiceLister;
import dev.dicomcmk.azure.FactsCollector;
import dev.dicomcmk.azure.FactsRequest;
import dev.dicomcmk.model.CmkFacts;
import dev.dicomcmk.model.ServiceFacts;
import dev.dicomcmk.model.ServiceId;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/** validate-key --all's port over Azure. */
public final class AzureFleetCheckPort implements FleetCheckPort {

    private final AzureSession session;
    private final ToIntFunction<AzureFailure> exitCode;

    /** @param exitCode the exit code a service's failure counts for (the command line's mapping) */
    public AzureFleetCheckPort(AzureSession session, ToIntFunction<AzureFailure> exitCode) {
        this.session = session;
        this.exitCode = exitCode;
    }

    @Override
    public List<ServiceFacts> list(String subscription, String resourceGroup) {
        return new DicomServiceLister(session.arm(), session.executor()).list(subscription, resourceGroup);
    }

    @Override
    public Function<ServiceFacts, CmkFacts> facts(Map<String, String> vaultIds) {
        FactsCollector collector = new FactsCollector(session, vaultIds);
        return service -> {
            ServiceId id = service.id();
            return collector.collect(new FactsRequest(id, null, id.subscriptionId(), service));
        };
    }

    @Override
    public <T> T perService(Supplier<T> work) {
        return session.perService(work);
    }

    @Override
    public Unreadable unreadable(String what, Throwable cause) {
        AzureFailure f = cause instanceof AzureFailure af ? af : AzureErrors.fromThrowable(what, cause);
        return new Unreadable(f.oneLine(), exitCode.applyAsInt(f));
    }

    @Override
    public RuntimeException interrupted(InterruptedException e) {
        return new AzureFailure(AzureFailure.Kind.FAILED, "check the fleet", 0, null, "interrupted", e);
    }
}
