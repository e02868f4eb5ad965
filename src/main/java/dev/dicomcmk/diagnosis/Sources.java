package dev.dicomcmk.diagnosis;

/**
 * The documentation statements the timeline rests on, quoted word for word, with where they are.
 * Quoting them lets an admin (and a support engineer reading the ticket) check the advice.
 */
final class Sources {

    /** DICOM: articles/healthcare-apis/dicom/customer-managed-keys.md, "Recover from lost key access". */
    static final String DICOM_UNDER_30 = "DICOM CMK best practices (learn.microsoft.com/azure/healthcare-apis/dicom/"
            + "customer-managed-keys, \"Recover from lost key access\"): \"If key access is lost for less than 30 minutes, "
            + "data is automatically recovered. After access is re-enabled, allow 5 to 10 minutes for your DICOM service "
            + "to become available again.\"";
    static final String DICOM_OVER_30 = "Same DICOM page: \"If key access is lost for more than 30 minutes, you need to "
            + "contact customer support to help recover your data.\"";
    /**
     * FHIR: articles/healthcare-apis/fhir/customer-managed-keys.md. The DICOM page documents no
     * self-service step past 30 minutes; the FHIR service of the same Health Data Services documents
     * this one (its example template even deploys a dicomservices resource), so it is tried before support.
     */
    static final String FHIR_REDEPLOY = "FHIR CMK best practices (learn.microsoft.com/azure/healthcare-apis/fhir/"
            + "customer-managed-keys, \"Recover from lost key access\"), the documented self-service path tried here "
            + "before support: \"If key access is lost for more than 30 minutes, you can recover by following these "
            + "steps: 1. Complete the steps to re-enable key access, such as restoring lost permissions. 2. Get the "
            + "currently configured properties of your FHIR service. 3. Perform an update to your FHIR service by "
            + "deploying an ARM template with any additional configured properties added.\" and \"After the deployment "
            + "completes, the key will be re-validated automatically and the FHIR service will return to normal "
            + "operation.\"";
    /** DICOM: the same page, "Update the DICOM service after moving or deleting the managed identity". */
    static final String DICOM_IDENTITY_CHANGE = "DICOM CMK best practices, \"Update the DICOM service after moving or "
            + "deleting the managed identity\": \"If you change the managed identity in any way, such as moving your "
            + "DICOM service to a different tenant or subscription, the DICOM service isn't able to access your keys "
            + "until you update the service by manually using an ARM template deployment.\"";

    private Sources() {
    }
}
