package dev.dicomcmk.requirements;

import dev.dicomcmk.model.CmkFacts;
import dev.dicomcmk.model.Observed;
import dev.dicomcmk.model.SkipKind;

import java.util.Objects;

/**
 * One requirement's verdict with its evidence.
 *
 * @param detail   one line of evidence, e.g. "RSA 4096 bits; the DICOM service accepts 2048 or 3072"
 * @param remedy   what to do about it (the requirement's own remedy unless the case needs a specific one)
 * @param location where in a file the finding points (templates), or null
 * @param skipKind for a SKIP, why it could not be judged (unreadable, not applicable, offline); null otherwise
 */
public record Finding(Requirement requirement, Verdict verdict, String detail, String remedy, Location location,
                      SkipKind skipKind) {

    public Finding {
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(detail, "detail");
        if (remedy == null) {
            remedy = requirement.remedy();
        }
        if (verdict != Verdict.SKIP) {
            skipKind = null;
        } else if (skipKind == null) {
            // a SKIP that does not say why counts as unread: --strict must not pass on it
            skipKind = SkipKind.UNREADABLE;
        }
    }

    public Finding(Requirement requirement, Verdict verdict, String detail, String remedy, Location location) {
        this(requirement, verdict, detail, remedy, location, null);
    }

    /** A place in an input file: its path, a JSON pointer and a 1-based line (0 when unknown). */
    public record Location(String file, String jsonPointer, int line) {
    }

    /**
     * Whether this finding fails a run: a FAIL always; with {@code strict} (--strict) also a WARN and a SKIP
     * of something that could not be read, so a pipeline never passes on an unread key. A SKIP that does not
     * apply, or that only a deployment decides (templates, plans), passes either way.
     */
    public boolean fails(boolean strict) {
        return verdict == Verdict.FAIL
                || (strict && (verdict == Verdict.WARN || (verdict == Verdict.SKIP && skipKind == SkipKind.UNREADABLE)));
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

    /** A SKIP of the given kind. */
    public static Finding skip(Requirement r, String reason, SkipKind kind) {
        return new Finding(r, Verdict.SKIP, reason, r.remedy(), null, Objects.requireNonNull(kind, "kind"));
    }

    /** A SKIP because the facts are unknown: their reason, and the kind {@code facts} gives it. */
    static Finding skip(Requirement r, Observed<?> unknown, CmkFacts facts) {
        return skip(r, unknown.unknownReason(), facts.skipKindOf(unknown));
    }

    /** As above, the reason led by what could not be judged ("the service's tenant is unknown: "). */
    static Finding skip(Requirement r, String lead, Observed<?> unknown, CmkFacts facts) {
        return skip(r, lead + unknown.unknownReason(), facts.skipKindOf(unknown));
    }

    /** A SKIP because the requirement does not apply here. */
    public static Finding notApplicable(Requirement r, String reason) {
        return skip(r, reason, SkipKind.NOT_APPLICABLE);
    }

    public Finding at(Location where) {
        return new Finding(requirement, verdict, detail, remedy, where, skipKind);
    }
}
