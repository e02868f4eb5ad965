package dev.dicomcmk.sandbox;

/**
 * The fixed identifiers of the sandbox world, the same in every scenario and every run, so outputs
 * can be golden-tested. Scenario-specific ids (key versions, role assignment names, fleet principals)
 * come from a generator seeded with the scenario name; read them from {@link SandboxWorld}.
 */
public final class SandboxIds {

    public static final String TENANT_ID = "8c2c6ab4-2f7e-4c8a-9d51-3b1f0e6a7d20";
    /** The foreign tenant of the other-tenant scenario. */
    public static final String OTHER_TENANT_ID = "f3b8e2d1-6a4c-4e0f-8b7d-2c9a1e5f4b63";
    public static final String SUBSCRIPTION_ID = "2d7a9c41-5e8b-4f16-a3c2-9b0e7d5f1a84";
    public static final String SUBSCRIPTION_NAME = "Sandbox Subscription";
    /** The operator service principal: its application (client) id and object id. */
    public static final String CLIENT_ID = "5a0c3e7b-1d94-4b2f-8e6a-c71f0d2b9e35";
    public static final String OPERATOR_OBJECT_ID = "9e4b1f2c-7a3d-4c58-b6e0-d52a8f1c3b97";
    /** The system-assigned identity of demo-ws/demo-dicom. */
    public static final String DEMO_DICOM_PRINCIPAL_ID = "3f6d8a2e-0b1c-4e9f-a7d4-6c2e5b8f1a09";
    /** The user-assigned identity demo-uami (resource group demo-rg). */
    public static final String DEMO_UAMI_PRINCIPAL_ID = "c41e7d93-8a25-4f0b-9e6c-17d3b5a2f840";
    public static final String DEMO_UAMI_CLIENT_ID = "e2a95c18-4b7f-4d3e-a061-8f9c2d7b5e14";

    public static final String LOCATION = "westus2";
    public static final String DEMO_RG = "demo-rg";
    public static final String DEMO_WORKSPACE = "demo-ws";
    public static final String DEMO_DICOM = "demo-dicom";
    public static final String DEMO_VAULT = "demo-kv";
    public static final String DEMO_HSM = "demo-hsm";
    public static final String DEMO_KEY = "demo-key";
    public static final String DEMO_UAMI = "demo-uami";
    public static final String FLEET_RG = "fleet-rg";
    public static final String FLEET_VAULT = "fleet-kv";

    private SandboxIds() {
    }
}
