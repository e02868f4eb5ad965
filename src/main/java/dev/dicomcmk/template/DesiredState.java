package dev.dicomcmk.template;

import java.util.List;

/**
 * What the user wants to change; everything else stays as the service has it.
 *
 * @param keyEncryptionKeyUrl the key to use, or null to keep the current one
 * @param systemAssigned      turn the system-assigned identity on or off, or null to keep it as it is
 * @param addUserAssigned     ARM ids of user-assigned identities to add (already present ones are ignored)
 * @param removeUserAssigned  ARM ids of user-assigned identities to remove (compared case-insensitively)
 */
public record DesiredState(String keyEncryptionKeyUrl, Boolean systemAssigned, List<String> addUserAssigned,
                           List<String> removeUserAssigned) {

    public DesiredState {
        addUserAssigned = addUserAssigned == null ? List.of() : List.copyOf(addUserAssigned);
        removeUserAssigned = removeUserAssigned == null ? List.of() : List.copyOf(removeUserAssigned);
    }

    /** Only a new key; identities as they are. */
    public static DesiredState keyOnly(String keyEncryptionKeyUrl) {
        return new DesiredState(keyEncryptionKeyUrl, null, List.of(), List.of());
    }
}
