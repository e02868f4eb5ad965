package dev.dicomcmk.sandbox;

import java.util.ArrayList;
import java.util.List;

/** The active fault rules; the first matching rule with uses left applies to a request. */
public final class Faults {

    private static final class Active {
        final FaultRule rule;
        Integer remaining;

        Active(FaultRule rule) {
            this.rule = rule;
            this.remaining = rule.count();
        }
    }

    private final List<Active> rules = new ArrayList<>();

    public synchronized void add(FaultRule rule) {
        rules.add(new Active(rule));
    }

    /** Removes this rule (the same instance) if it is still active: a test's leftover cannot reach the next run. */
    public synchronized void remove(FaultRule rule) {
        rules.removeIf(a -> a.rule == rule);
    }

    public synchronized void clear() {
        rules.clear();
    }

    public synchronized List<FaultRule> rules() {
        return rules.stream().map(a -> a.rule).toList();
    }

    /** @param carriesToken whether the request has a bearer token (an expire_token rule needs one) */
    synchronized FaultRule take(String method, String host, String path, boolean carriesToken) {
        for (var it = rules.iterator(); it.hasNext(); ) {
            Active a = it.next();
            if (a.rule.matches(method, host, path, carriesToken)) {
                if (a.remaining != null) {
                    a.remaining--;
                    if (a.remaining <= 0) {
                        it.remove();
                    }
                }
                return a.rule;
            }
        }
        return null;
    }
}
