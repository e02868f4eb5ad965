package dev.dicomcmk.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.KeyFacts;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.rotation.RotationSteps;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What rotate-key asks of Azure: the services to rotate, one {@link RotationSteps} per service (the rotation state
 * machine's own port), and the reads a fleet's dry run shares. One instance per run: its permission answers and the
 * operator's id are read once and shared by every service.
 */
public interface RotationPort {

    /** A fleet's service: its id, and for a dry run the whole resource as listed (else null: read under its lock). */
    record Listed(ServiceId id, JsonNode resource) {
    }

    /** Reads a fleet's dry run shares (each vault and the tenant once, ARM's what-ifs per resource group): opaque here. */
    interface SharedReads {
    }

    /** Which key version a fleet dry run's batched what-ifs preview each service's switch to. */
    @FunctionalInterface
    interface WhatIfTarget {
        /**
         * @param current the service's current key
         * @param keys    the run's shared key reads (each key read once, the service's own plan reads it again for free)
         * @return the version to preview the switch to, or null: nothing to preview (the service is up to date)
         */
        KeyUrl target(KeyUrl current, Function<KeyUrl, KeyFacts> keys);
    }

    /** How one service's steps talk back to the run: the question, progress and waits, and its permission check. */
    record Wiring(Consumer<String> confirm, Consumer<String> progress, Consumer<String> waiting, boolean newVersion,
                  String instead) {
    }

    /**
     * Every service with a customer-managed key in the subscription (or resource group).
     *
     * @param keepResources keep each listed resource for the plan (dry runs: nothing is changed from it)
     */
    List<Listed> fleet(String subscription, String resourceGroup, boolean keepResources);

    /** The reads a fleet's dry run shares, with its what-ifs started (unless {@code whatIfs} is null). */
    SharedReads dryRunReads(List<Listed> services, Map<String, String> vaultIds, WhatIfTarget whatIfs, int parallel,
                            Consumer<String> progress);

    /**
     * The steps of one service's rotation.
     *
     * @param shared   the fleet dry run's shared reads, or null: a run that changes something reads each service's
     *                 vault as it is then
     * @param vaultIds the services' vaults found beforehand (Resource Graph), by vault key; empty when none
     */
    RotationSteps steps(Listed service, SharedReads shared, Map<String, String> vaultIds, Wiring wiring);

    /** A service's failure in one line, for a fleet's row. */
    String describeFailure(RuntimeException failure);

    /** One service's work, under the run's per-service deadline and error conventions. */
    <T> T perService(Supplier<T> work);

    /** Azure's clock. */
    Instant now();
}
