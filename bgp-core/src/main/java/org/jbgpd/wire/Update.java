package org.jbgpd.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * UPDATE (RFC 4271 §4.3, RFC 4760), in the shape the route engine consumes: prefixes in
 * primitive {@link PrefixBatch}es (no object per prefix) and one {@link PathAttributes} per
 * UPDATE (internable).
 *
 * <p>The fields mirror the wire: conventional IPv4 {@code withdrawn} routes and {@code nlri},
 * and the prefixes of MP_UNREACH_NLRI / MP_REACH_NLRI (at most one of each; null when absent).
 * The next hop of MP_REACH_NLRI is {@link PathAttributes#mpNextHop()}. {@code attributes} is null
 * when the UPDATE carries none (besides MP_UNREACH_NLRI), as in a pure withdrawal.
 *
 * <p>The engine should read the withdrawn and announced batches ({@link #withdrawnBatchCount()} /
 * {@link #withdrawnBatch(int)} and {@link #announcedBatchCount()} / {@link #announcedBatch(int)} on hot
 * paths, which build no list; {@link #withdrawnBatches()} / {@link #announcedBatches()} elsewhere): they
 * already apply the RFC 7606 verdict in {@link #errors()} (treat-as-withdraw moves every
 * announcement to the withdrawals; a disabled family is left out of both). {@link #endOfRib()}
 * names the family of an End-of-RIB marker (RFC 4724 §2).
 */
public final class Update implements BgpMessage {

    private final PrefixBatch withdrawn;
    private final PathAttributes attributes;
    private final PrefixBatch nlri;
    private final PrefixBatch mpReach;
    private final PrefixBatch mpUnreach;
    private final UpdateErrors errors;
    private final Family endOfRib;

    /**
     * An UPDATE to send (or as a test expects it decoded).
     *
     * @param withdrawn  IPv4 withdrawn routes in the conventional field (null = none)
     * @param attributes required when anything is announced
     * @param nlri       IPv4 NLRI in the conventional field (null = none); needs a NEXT_HOP
     * @param mpReach    prefixes of MP_REACH_NLRI, or null; needs {@link PathAttributes#mpNextHop()}
     * @param mpUnreach  prefixes of MP_UNREACH_NLRI, or null
     */
    public Update(PrefixBatch withdrawn, PathAttributes attributes, PrefixBatch nlri, PrefixBatch mpReach, PrefixBatch mpUnreach) {
        this(withdrawn, attributes, nlri, mpReach, mpUnreach, UpdateErrors.NONE,
                attributes == null || attributes.isEmpty() ? endOfRibOf(withdrawn, nlri, mpReach, mpUnreach) : null);
        if (this.attributes == null && (!this.nlri.isEmpty() || mpReach != null)) {
            throw new IllegalArgumentException("an UPDATE that announces prefixes needs path attributes");
        }
    }

    /** What an UPDATE with this content looks like on the wire: an End-of-RIB marker or not. */
    private static Family endOfRibOf(PrefixBatch withdrawn, PrefixBatch nlri, PrefixBatch mpReach, PrefixBatch mpUnreach) {
        boolean noConventional = (withdrawn == null || withdrawn.isEmpty()) && (nlri == null || nlri.isEmpty());
        if (!noConventional || mpReach != null) return null;
        if (mpUnreach == null) return Family.IPV4_UNICAST;
        return mpUnreach.isEmpty() ? mpUnreach.family() : null;
    }

    Update(PrefixBatch withdrawn, PathAttributes attributes, PrefixBatch nlri, PrefixBatch mpReach, PrefixBatch mpUnreach,
           UpdateErrors errors, Family endOfRib) {
        this.withdrawn = withdrawn == null ? PrefixBatch.empty(Family.IPV4_UNICAST) : requireV4(withdrawn, "withdrawn");
        this.nlri = nlri == null ? PrefixBatch.empty(Family.IPV4_UNICAST) : requireV4(nlri, "nlri");
        this.mpReach = mpReach;
        this.mpUnreach = mpUnreach;
        this.attributes = attributes == null || attributes.isEmpty() ? null : attributes;
        this.errors = Objects.requireNonNull(errors);
        this.endOfRib = endOfRib;
    }

    /** The End-of-RIB marker for a family (RFC 4724 §2). */
    public static Update endOfRibMarker(Family family) {
        if (family == Family.IPV4_UNICAST) return new Update(null, null, null, null, null);
        return new Update(null, null, null, null, PrefixBatch.empty(family));
    }

    /**
     * Announces {@code prefixes} with {@code attributes}: IPv4 with a NEXT_HOP goes in the
     * conventional NLRI field, anything else in MP_REACH_NLRI.
     */
    public static Update announce(PathAttributes attributes, PrefixBatch prefixes) {
        if (prefixes.family() == Family.IPV4_UNICAST && attributes.nextHop() != null && attributes.mpNextHop() == null) {
            return new Update(null, attributes, prefixes, null, null);
        }
        return new Update(null, attributes, null, prefixes, null);
    }

    /** Withdraws {@code prefixes}: IPv4 in the conventional field, IPv6 in MP_UNREACH_NLRI. */
    public static Update withdraw(PrefixBatch prefixes) {
        if (prefixes.family() == Family.IPV4_UNICAST) return new Update(prefixes, null, null, null, null);
        return new Update(null, null, null, null, prefixes);
    }

    /** Conventional IPv4 withdrawn routes (possibly empty, never null). */
    public PrefixBatch withdrawn() { return withdrawn; }

    /** The path attributes, or null when the UPDATE carries none (MP_UNREACH_NLRI aside). */
    public PathAttributes attributes() { return attributes; }

    /** Conventional IPv4 NLRI (possibly empty, never null). */
    public PrefixBatch nlri() { return nlri; }

    /** Prefixes of MP_REACH_NLRI, or null when the UPDATE had none. */
    public PrefixBatch mpReach() { return mpReach; }

    /** Prefixes of MP_UNREACH_NLRI, or null when the UPDATE had none. */
    public PrefixBatch mpUnreach() { return mpUnreach; }

    /** The RFC 7606 outcome of decoding; {@link UpdateErrors#NONE} for a clean UPDATE. */
    public UpdateErrors errors() { return errors; }

    /** The family this UPDATE marks the End-of-RIB of, or null. */
    public Family endOfRib() { return endOfRib; }

    /** Non-empty batches the engine withdraws, with the RFC 7606 verdict applied (a new list: see {@link #withdrawnBatch}). */
    public List<PrefixBatch> withdrawnBatches() {
        return compact(withdrawnCandidate(0), withdrawnCandidate(1), withdrawnCandidate(2), withdrawnCandidate(3));
    }

    /** Non-empty batches the engine installs with {@link #attributes()}, with the RFC 7606 verdict applied (a new list). */
    public List<PrefixBatch> announcedBatches() {
        return compact(announcedCandidate(0), announcedCandidate(1), null, null);
    }

    /*
     * The engine reads the batches by index instead of through the lists above: a diverse full table comes as about
     * one UPDATE per prefix, and a list per UPDATE was ~16 of its ~136 octets of garbage (ADR 0121).
     */

    /** How many batches {@link #withdrawnBatches()} holds, without building it. */
    public int withdrawnBatchCount() {
        int n = 0;
        for (int c = 0; c < 4; c++) if (withdrawnCandidate(c) != null) n++;
        return n;
    }

    /** Element {@code k} of {@link #withdrawnBatches()}, without building the list. */
    public PrefixBatch withdrawnBatch(int k) {
        for (int c = 0; c < 4; c++) {
            PrefixBatch b = withdrawnCandidate(c);
            if (b != null && k-- == 0) return b;
        }
        throw new IndexOutOfBoundsException("withdrawn batch " + k);
    }

    /** How many batches {@link #announcedBatches()} holds, without building it. */
    public int announcedBatchCount() {
        return (announcedCandidate(0) != null ? 1 : 0) + (announcedCandidate(1) != null ? 1 : 0);
    }

    /** Element {@code k} of {@link #announcedBatches()}, without building the list. */
    public PrefixBatch announcedBatch(int k) {
        for (int c = 0; c < 2; c++) {
            PrefixBatch b = announcedCandidate(c);
            if (b != null && k-- == 0) return b;
        }
        throw new IndexOutOfBoundsException("announced batch " + k);
    }

    /** Withdrawn batches in order: the IPv4 field, MP_UNREACH, and under treat-as-withdraw the NLRI and MP_REACH; null where unusable. */
    private PrefixBatch withdrawnCandidate(int c) {
        return switch (c) {
            case 0 -> usable(withdrawn);
            case 1 -> usable(mpUnreach);
            case 2 -> errors.withdrawAll() ? usable(nlri) : null;
            default -> errors.withdrawAll() ? usable(mpReach) : null;
        };
    }

    /** Announced batches in order: the IPv4 NLRI, MP_REACH; none under treat-as-withdraw. */
    private PrefixBatch announcedCandidate(int c) {
        if (errors.withdrawAll()) return null;
        return usable(c == 0 ? nlri : mpReach);
    }

    /**
     * The next hop for routes of {@code family} in this UPDATE: MP_REACH_NLRI's global next hop
     * when that attribute carries the family, else NEXT_HOP for IPv4; null when there is none.
     */
    public IpAddress nextHop(Family family) {
        if (attributes == null) return null;
        if (mpReach != null && mpReach.family() == family && attributes.mpNextHop() != null) return attributes.mpNextHop().global();
        return family == Family.IPV4_UNICAST ? attributes.nextHop() : null;
    }

    /** Number of prefixes announced after the verdict (for counters). */
    public int announcedCount() {
        int n = 0;
        for (int c = 0; c < 2; c++) { // no list, no iterator (C1, per UPDATE)
            PrefixBatch b = announcedCandidate(c);
            if (b != null) n += b.size();
        }
        return n;
    }

    /** Number of prefixes withdrawn after the verdict (for counters). */
    public int withdrawnCount() {
        int n = 0;
        for (int c = 0; c < 4; c++) {
            PrefixBatch b = withdrawnCandidate(c);
            if (b != null) n += b.size();
        }
        return n;
    }

    @Override
    public int type() { return TYPE_UPDATE; }

    /** The batch if it has prefixes of a family that is not disabled, else null. */
    private PrefixBatch usable(PrefixBatch b) {
        return b != null && !b.isEmpty() && b.family() != errors.disabledFamily() ? b : null;
    }

    /** The non-null arguments as an immutable list; the common cases allocate one small list or none. */
    private static List<PrefixBatch> compact(PrefixBatch a, PrefixBatch b, PrefixBatch c, PrefixBatch d) {
        int n = (a != null ? 1 : 0) + (b != null ? 1 : 0) + (c != null ? 1 : 0) + (d != null ? 1 : 0);
        if (n == 0) return List.of();
        if (n == 1) return List.of(a != null ? a : b != null ? b : c != null ? c : d);
        List<PrefixBatch> out = new ArrayList<>(n);
        for (PrefixBatch x : new PrefixBatch[] {a, b, c, d}) if (x != null) out.add(x);
        return List.copyOf(out);
    }

    private static PrefixBatch requireV4(PrefixBatch b, String what) {
        if (b.family() != Family.IPV4_UNICAST) throw new IllegalArgumentException(what + " carries IPv4 only; other families go in MP attributes");
        return b;
    }

    /** Equality over the content, verdict and End-of-RIB marker. */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Update u && withdrawn.equals(u.withdrawn) && nlri.equals(u.nlri)
                && Objects.equals(attributes, u.attributes) && Objects.equals(mpReach, u.mpReach)
                && Objects.equals(mpUnreach, u.mpUnreach) && errors.equals(u.errors) && endOfRib == u.endOfRib;
    }

    @Override
    public int hashCode() {
        return Objects.hash(withdrawn, nlri, attributes, mpReach, mpUnreach, errors, endOfRib);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Update[");
        if (endOfRib != null) sb.append("End-of-RIB ").append(endOfRib.configName()).append(", ");
        if (!withdrawn.isEmpty()) sb.append("withdrawn=").append(withdrawn).append(", ");
        if (mpUnreach != null && !mpUnreach.isEmpty()) sb.append("mpUnreach=").append(mpUnreach).append(", ");
        if (attributes != null) sb.append(attributes).append(", ");
        if (!nlri.isEmpty()) sb.append("nlri=").append(nlri).append(", ");
        if (mpReach != null) sb.append("mpReach=").append(mpReach).append(", ");
        if (!errors.isClean()) sb.append("errors=").append(errors).append(", ");
        if (sb.charAt(sb.length() - 1) == ' ') sb.setLength(sb.length() - 2);
        return sb.append(']').toString();
    }
}
