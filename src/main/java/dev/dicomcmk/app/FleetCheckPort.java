package dev.dicomcmk.app;

import dev.dicomcmk.model.CmkFacts;
import dev.dicomcmk.model.ServiceFacts;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/** What validate-key --all reads from Azure: the services, and what the requirements checker judges of each. */
public interface FleetCheckPort {

    /** Every DICOM service in the subscription (or resource group), as listed (whole resources, one list per workspace). */
    List<ServiceFacts> list(String subscription, String resourceGroup);

    /**
     * A reader of each listed service's facts (the service as listed stands in for a read of its own), sharing its
     * reads of vaults and the tenant across the fleet; {@code vaultIds}: the vaults found beforehand, by vault key.
     */
    Function<ServiceFacts, CmkFacts> facts(Map<String, String> vaultIds);

    /** One service's work, under the run's per-service deadline. */
    <T> T perService(Supplier<T> work);

    /** Why a service could not be checked: its one line, and the exit code it counts for. */
    record Unreadable(String oneLine, int exitCode) {
    }

    /** The failure {@code cause} of checking {@code what}, as the fleet's row and exit code say it. */
    Unreadable unreadable(String what, Throwable cause);

    /** The failure a check of the fleet ends with when its thread is interrupted. */
    RuntimeException interrupted(InterruptedException e);
}
