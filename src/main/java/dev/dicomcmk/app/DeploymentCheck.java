package dev.dicomcmk.app;

import dev.dicomcmk.requirements.Report;

/**
 * The verdict of the shared checker run on a key for a service as a rendered deployment will leave it (its
 * identities after the change), so update-via-arm and rotate-key refuse the same things. The port that reads the
 * service answers it ({@link DeployPort#check}); the use case decides from it.
 */
public final class DeploymentCheck {

    private DeploymentCheck() {
    }

    /** The report and the facts it judged, for what --force may not override (the key version's existence). */
    public record Checked(Report report, dev.dicomcmk.model.CmkFacts facts) {

        /**
         * Why the key must not be deployed whatever the requirements say, or null: a version that does not exist
         * or is disabled cannot wrap the service's data key, so the service would lose access at once. Exit 5 for
         * a version that is not there, 3 for one that is disabled.
         */
        public Refusal unusableKey() {
            if (facts.keyNotFound()) {
                return new Refusal(Unusable.NOT_FOUND, facts.key().unknownReason());
            }
            if (facts.key().isKnown() && !facts.key().value().enabled()) {
                return new Refusal(Unusable.DISABLED, "key version " + facts.key().value().url().version()
                        + " is disabled");
            }
            return null;
        }
    }

    /** Why a key version cannot be used: the command's exit code follows from it. */
    public enum Unusable { NOT_FOUND, DISABLED }

    public record Refusal(Unusable kind, String why) {
    }
}
