package dev.dicomcmk.output;

import dev.dicomcmk.model.SkipKind;
import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.Requirement;
import java.time.Instant;
import java.util.List;

/**
 * Fixed reports for the renderer tests: every verdict, a live check (no location) and a template
 * check (locations with and without a line), a detail with terminal controls and XML-hostile
 * characters, and non-ASCII text.
 */
final class SampleReports {
    static final String SERVICE_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-dicom"
            + "/providers/Microsoft.HealthcareApis/workspaces/ws1/dicomservices/dicom1";
    static final String KEY_URL = "https://kv-dicom.vault.azure.net/keys/dicom-cmk/0123456789abcdef0123456789abcdef";
    /** ESC starting a colour sequence, BEL, and everything XML and CDATA dislike. */
    static final String HOSTILE_DETAIL = "role assignment 'ops\u001b[32mPASS\u0007' <&\"]]> grants Key Vault Crypto Officer";
    static final String TEMPLATE_FILE = "infra\\dicom template.json";
    static final String KEK_POINTER = "/resources/1/properties/encryption/customerManagedKeyEncryption/keyEncryptionKeyUrl";

    private SampleReports() {
    }

    static Report liveService() {
        return new Report(SERVICE_ID, KEY_URL, Instant.parse("2025-03-04T05:06:07Z"), List.of(
                Finding.pass(Requirement.KEY_TYPE, "RSA-HSM"),
                Finding.fail(Requirement.KEY_SIZE, "RSA 4096 bits; the DICOM service accepts 2048 or 3072"),
                Finding.warn(Requirement.KEY_ROTATION_AGE, "key version is 400 days old; the maximum is 365 days"),
                Finding.skip(Requirement.VAULT_FIREWALL_BYPASS,
                        "no permission to read the vault's network rules (needs Microsoft.KeyVault/vaults/read)", SkipKind.UNREADABLE),
                Finding.fail(Requirement.IDENTITY_LEAST_PRIVILEGE, HOSTILE_DETAIL,
                        "Remove the role assignment 'ops\u001b[32mPASS\u0007' <&\"]]> and grant Key Vault Crypto Service Encryption User."),
                Finding.pass(Requirement.VAULT_SAME_TENANT, "tenant «Contoso Gesundheit – Zürich» 医院 matches the service ✓")));
    }

    static Report template() {
        return new Report("ws1/dicom1 in " + TEMPLATE_FILE.replace('\\', '/'), null, Instant.parse("2025-03-04T05:06:08.500Z"),
                List.of(
                        Finding.fail(Requirement.KEY_URL_VERSIONED,
                                        "https://kv-dicom.vault.azure.net/keys/dicom-cmk has no version")
                                .at(new Finding.Location(TEMPLATE_FILE, KEK_POINTER, 42)),
                        Finding.warn(Requirement.SERVICE_IDENTITY, "identity comes from parameter «identityType» – its value decides")
                                .at(new Finding.Location("infra/dicom.parameters.json", "/parameters/identityType", 0)),
                        Finding.skip(Requirement.KEY_ENABLED, "not determinable offline: the key lives in Azure", SkipKind.OFFLINE),
                        Finding.pass(Requirement.KEY_OPS, "keyOps not restricted in the template")));
    }

    static List<Report> all() {
        return List.of(liveService(), template());
    }
}
