package org.jbgpd.policy;

import org.jbgpd.wire.PathAttributes;

import java.util.Arrays;
import java.util.List;

/**
 * One rule: if {@code match} holds, the verdict ends the evaluation; an accepting rule may also set
 * LOCAL_PREF and add communities.
 *
 * @param setLocalPref LOCAL_PREF to set, or null to keep it
 */
public record PolicyRule(PolicyMatch match, Verdict verdict, Long setLocalPref,
                         List<Integer> addCommunities, List<LargeCommunity> addLargeCommunities) {

    public enum Verdict { ACCEPT, REJECT }

    public PolicyRule {
        if (match == null) match = PolicyMatch.ANY;
        addCommunities = addCommunities == null ? List.of() : List.copyOf(addCommunities);
        addLargeCommunities = addLargeCommunities == null ? List.of() : List.copyOf(addLargeCommunities);
        if (setLocalPref != null && (setLocalPref < 0 || setLocalPref > 0xffff_ffffL)) {
            throw new IllegalArgumentException("localPref is 0..4294967295");
        }
        if (verdict == Verdict.REJECT && (setLocalPref != null || !addCommunities.isEmpty() || !addLargeCommunities.isEmpty())) {
            throw new IllegalArgumentException("a reject rule cannot also change the route");
        }
    }

    public static PolicyRule accept(PolicyMatch match) { return new PolicyRule(match, Verdict.ACCEPT, null, List.of(), List.of()); }

    public static PolicyRule reject(PolicyMatch match) { return new PolicyRule(match, Verdict.REJECT, null, List.of(), List.of()); }

    public boolean modifies() { return setLocalPref != null || !addCommunities.isEmpty() || !addLargeCommunities.isEmpty(); }

    /** The attributes after this rule's changes; the same object when it changes nothing. */
    public PathAttributes apply(PathAttributes in) {
        if (!modifies()) return in;
        PathAttributes.Builder b = in.toBuilder();
        if (setLocalPref != null) b.localPref(setLocalPref);
        if (!addCommunities.isEmpty()) {
            int[] c = in.hasCommunities() ? in.communities() : new int[0];
            int n = c.length;
            c = Arrays.copyOf(c, n + addCommunities.size());
            for (int add : addCommunities) if (!in.hasCommunity(add)) c[n++] = add;
            b.communities(Arrays.copyOf(c, n));
        }
        if (!addLargeCommunities.isEmpty()) {
            int[] c = in.hasLargeCommunities() ? in.largeCommunities() : new int[0];
            int n = c.length;
            c = Arrays.copyOf(c, n + 3 * addLargeCommunities.size());
            for (LargeCommunity lc : addLargeCommunities) {
                if (lc.in(in)) continue;
                c[n++] = (int) lc.global();
                c[n++] = (int) lc.local1();
                c[n++] = (int) lc.local2();
            }
            b.largeCommunities(Arrays.copyOf(c, n));
        }
        PathAttributes out = b.build();
        return out.equals(in) ? in : out;
    }
}
