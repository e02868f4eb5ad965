package dev.dicomcmk.azure;

/** The ARM resource types this tool reads, as their answers name them (compared case-insensitively). */
final class ResourceTypes {
    static final String DICOM_SERVICE = "Microsoft.HealthcareApis/workspaces/dicomservices";
    static final String USER_ASSIGNED_IDENTITY = "Microsoft.ManagedIdentity/userAssignedIdentities";
    static final String ROLE_DEFINITION = "Microsoft.Authorization/roleDefinitions";
    static final String DEPLOYMENT = "Microsoft.Resources/deployments";
    static final String AVAILABILITY_STATUS = "Microsoft.ResourceHealth/AvailabilityStatuses";
    /** a subscription's answer carries an id but no type */
    static final String SUBSCRIPTION = null;

    private ResourceTypes() {
    }
}
