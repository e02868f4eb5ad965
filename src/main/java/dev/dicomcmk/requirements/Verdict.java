package dev.dicomcmk.requirements;

/** The outcome of one requirement. SKIP always carries the reason it could not be judged. */
public enum Verdict {
    PASS, WARN, FAIL, SKIP
}
