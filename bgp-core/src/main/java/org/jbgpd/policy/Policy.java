package org.jbgpd.policy;

import org.jbgpd.wire.Family;

import org.jbgpd.wire.PathAttributes;

import java.util.List;

/**
 * A named, ordered list of rules. The first rule whose match holds decides; a route that no rule
 * matches is rejected (as falling off the end of a BIRD filter), so a policy says what it lets in.
 *
 * <p>Evaluation is split in two so that the engine can cache the (rarely) allocating half:
 * {@link #firstMatch} is allocation-free and per prefix; {@link #apply} builds changed attributes
 * and is cached per (attribute set, rule) by the caller.
 */
public record Policy(String name, List<PolicyRule> rules) {

    /** What the engine uses for an iBGP peer without importPolicy. */
    public static final Policy ACCEPT_ALL = new Policy("(accept all)", List.of(PolicyRule.accept(PolicyMatch.ANY)));
    /** RFC 8212: what the engine uses for an eBGP peer without a policy. */
    public static final Policy REJECT_ALL = new Policy("(reject all, RFC 8212)", List.of());

    public Policy {
        rules = List.copyOf(rules);
    }

    /** Index of the rule that decides this route, or -1 if none matches (rejected). */
    public int firstMatch(Family f, long hi, long lo, int length, PathAttributes attrs, PeerFacts peer) {
        for (int i = 0; i < rules.size(); i++) if (rules.get(i).match().matches(f, hi, lo, length, attrs, peer)) return i;
        return -1;
    }

    public boolean accepts(int ruleIndex) { return ruleIndex >= 0 && rules.get(ruleIndex).verdict() == PolicyRule.Verdict.ACCEPT; }

    /** The attributes rule {@code ruleIndex} lets through (only for an accepting rule). */
    public PathAttributes apply(int ruleIndex, PathAttributes in) { return rules.get(ruleIndex).apply(in); }

    /** Convenience for tests and the control plane: the attributes accepted, or null if rejected. */
    public PathAttributes evaluate(Family f, long hi, long lo, int length, PathAttributes attrs, PeerFacts peer) {
        int r = firstMatch(f, hi, lo, length, attrs, peer);
        return accepts(r) ? apply(r, attrs) : null;
    }
}
