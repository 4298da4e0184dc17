package org.jbgpd.daemon;

import java.util.ArrayList;
import java.util.List;
import org.jbgpd.config.JbgpdConfig;
import org.jbgpd.config.PolicyConfig;
import org.jbgpd.policy.Policy;
import org.jbgpd.policy.PolicyMatch;
import org.jbgpd.policy.PolicyRule;

/** Turns config policy names into the route engine's policies ("all"/"none" built in, null = engine default). */
final class PolicyMapping {

    private PolicyMapping() {}

    static Policy resolve(JbgpdConfig config, String name) {
        if (name == null) return null;
        if (name.equals(PolicyConfig.ALL)) return Policy.ACCEPT_ALL;
        if (name.equals(PolicyConfig.NONE)) return Policy.REJECT_ALL;
        PolicyConfig p = config.policies().get(name);
        if (p == null) throw new IllegalStateException("policy " + name + " passed validation but is not defined");
        List<PolicyRule> rules = new ArrayList<>(p.rules().size());
        for (org.jbgpd.config.PolicyRule r : p.rules()) {
            PolicyMatch match = r.prefix() == null ? PolicyMatch.ANY : PolicyMatch.prefix(r.prefix(), r.minLength(), r.maxLength());
            rules.add(r.action() == org.jbgpd.config.PolicyRule.Action.ACCEPT ? PolicyRule.accept(match) : PolicyRule.reject(match));
        }
        return new Policy(name, rules);
    }
}
