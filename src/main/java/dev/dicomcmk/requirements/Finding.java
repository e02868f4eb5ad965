package dev.dicomcmk.requirements;

import java.util.Objects;

/**
 * One requirement's verdict with its evidence.
 *
 * @param detail   one line of evidence, e.g. "RSA 4096 bits; the DICOM service accepts 2048 or 3072"
 * @param remedy   what to do about it (the requirement's own remedy unless the case needs a specific one)
 * @param location where in a file the finding points (templates), or null
 */
public record Finding(Requirement requirement, Verdict verdict, String detail, String remedy, Location location) {

    public Finding {
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(detail, "detail");
        if (remedy == null) {
            remedy = requirement.remedy();
        }
    }

    /** A place in an input file: its path, a JSON pointer and a 1-based line (0 when unknown). */
    public record Location(String file, String jsonPointer, int line) {
    }

    public static Finding pass(Requirement r, String detail) {
        return new Finding(r, Verdict.PASS, detail, r.remedy(), null);
    }

    public static Finding warn(Requirement r, String detail) {
        return new Finding(r, Verdict.WARN, detail, r.remedy(), null);
    }

    public static Finding warn(Requirement r, String detail, String remedy) {
        return new Finding(r, Verdict.WARN, detail, remedy, null);
    }

    public static Finding fail(Requirement r, String detail) {
        return new Finding(r, Verdict.FAIL, detail, r.remedy(), null);
    }

    public static Finding fail(Requirement r, String detail, String remedy) {
        return new Finding(r, Verdict.FAIL, detail, remedy, null);
    }

    public static Finding skip(Requirement r, String reason) {
        return new Finding(r, Verdict.SKIP, reason, r.remedy(), null);
    }

    public Finding at(Location where) {
        return new Finding(requirement, verdict, detail, remedy, where);
    }
}
