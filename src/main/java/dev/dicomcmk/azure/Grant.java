package dev.dicomcmk.azure;

/** What a grant did: wrote a new assignment or policy, or found one already in place. */
public enum Grant {
    CREATED, ALREADY_GRANTED
}
