package dev.dicomcmk.cli;

import picocli.CommandLine.Option;

/** How a command names a DICOM service: --service WS/DICOM with --resource-group, or a full ARM id. */
public final class ServiceOptions {

    @Option(names = "--service", paramLabel = "SERVICE",
            description = "The DICOM service: WORKSPACE/DICOM (with --resource-group) or its full ARM id.")
    String service;

    @Option(names = {"-g", "--resource-group"}, paramLabel = "GROUP",
            description = "Resource group of the service when --service is WORKSPACE/DICOM.")
    String resourceGroup;

    public String service() {
        return service;
    }

    public String resourceGroup() {
        return resourceGroup;
    }
}
