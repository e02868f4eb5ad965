package dev.dicomcmk.identity;

/** Where to grant key access: on the key itself (least privilege, the default) or on its whole vault. */
public enum GrantScope {
    KEY, VAULT
}
