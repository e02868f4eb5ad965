package dev.dicomcmk.app;

import dev.dicomcmk.model.AccessGrant;
import dev.dicomcmk.identity.IdentityPlan;
import dev.dicomcmk.model.ServiceFacts;

/** What a writing use case tells as it goes: its plan, each change made, progress, notes and warnings. */
public interface ChangeReport {

    void plan(IdentityPlan plan);

    void progress(String status);

    void note(String note);

    void warning(String warning);

    void identityChanged(ServiceFacts after);

    /** @param created false when the access was there already */
    void granted(String target, String principal, AccessGrant grant, boolean created);
}
