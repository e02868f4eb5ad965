package dev.dicomcmk.sandbox.arm;

import dev.dicomcmk.sandbox.http.Request;

/** If-Match / If-None-Match of a write, checked against the resource's current etag (null = absent). */
record Preconditions(String ifMatch, String ifNoneMatch) {

    static final Preconditions NONE = new Preconditions(null, null);

    static Preconditions of(Request r) {
        return new Preconditions(r.header("If-Match"), r.header("If-None-Match"));
    }

    void check(String currentEtag) {
        if (ifMatch != null && !ifMatch.isBlank()) {
            boolean ok = currentEtag != null && (ifMatch.trim().equals("*") || strip(ifMatch).equals(strip(currentEtag)));
            if (!ok) {
                throw new ArmException(412, "PreconditionFailed", currentEtag == null
                        ? "The resource does not exist, so the If-Match condition '" + ifMatch + "' cannot be met."
                        : "The specified precondition 'If-Match = " + ifMatch + "' failed: the resource's etag is " + currentEtag + ".");
            }
        }
        if (ifNoneMatch != null && ifNoneMatch.trim().equals("*") && currentEtag != null) {
            throw new ArmException(412, "PreconditionFailed", "The specified precondition 'If-None-Match = *' failed: the resource exists.");
        }
    }

    /** Etags compare without their quotes and weak prefix (clients send both forms). */
    private static String strip(String etag) {
        String e = etag.trim();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        return e.replace("\"", "");
    }
}
