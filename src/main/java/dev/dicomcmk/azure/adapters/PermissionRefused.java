package dev.dicomcmk.azure.adapters;

import dev.dicomcmk.azure.AzureFailure;

/**
 * A write command refused before its first write because the operator provably lacks a permission it
 * needs: exit 4 (authorization), its message naming the action, the scope, the roles that grant it and
 * what someone holding it can run instead. Its line reads "check the operator's permissions failed
 * (OperatorPermissionMissing): <command> refused before any change: ...".
 */
public final class PermissionRefused extends AzureFailure {

    public static final String CODE = "OperatorPermissionMissing";

    public PermissionRefused(String message) {
        super(Kind.FORBIDDEN, "check the operator's permissions", 0, CODE, message, null);
    }
}
