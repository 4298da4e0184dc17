package org.jbgpd.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The prefixes of one family carried by one UPDATE (withdrawn routes, NLRI, or the NLRI of
 * MP_REACH / MP_UNREACH), stored as primitives so that decoding allocates per batch, not per
 * prefix.
 *
 * <ul>
 *   <li>IPv4: one long per prefix in the {@link IpPrefix#packV4(int, int)} layout.</li>
 *   <li>IPv6: two longs per prefix (high and low half of the address) and one length octet.</li>
 *   <li>With ADD-PATH (RFC 7911): one path identifier per prefix, else none.</li>
 * </ul>
 * Addresses are always normalised (no bits past the length). Instances are immutable; equality
 * is over family, prefixes, order and path identifiers.
 */
public final class PrefixBatch {

    private static final long[] NO_WORDS = new long[0];

    private final Family family;
    private final int size;
    /** Null for {@link #PrefixBatch(long) one IPv4 prefix}, which is held in {@link #single}. */
    private final long[] words;
    private final byte[] v6Lengths;
    private final int[] pathIds;
    /**
     * The prefix of a batch of one IPv4 prefix without a path identifier, the common case of a diverse full table
     * (BIRD 2 sends one UPDATE per prefix): kept in the object instead of a {@code long[1]}, 24 octets less garbage
     * per UPDATE (ADR 0121).
     */
    private final long single;

    /** Takes ownership of the arrays (the decoder's and builders' path: no copy). */
    PrefixBatch(Family family, int size, long[] words, byte[] v6Lengths, int[] pathIds) {
        this.family = family;
        this.size = size;
        this.words = words;
        this.v6Lengths = v6Lengths;
        this.pathIds = pathIds;
        this.single = 0;
    }

    /** One IPv4 prefix in the {@link IpPrefix#packV4} layout (normalised by the caller), without a path identifier. */
    PrefixBatch(long packedV4) {
        this.family = Family.IPV4_UNICAST;
        this.size = 1;
        this.words = null;
        this.v6Lengths = null;
        this.pathIds = null;
        this.single = packedV4;
    }

    /** Word {@code i} of the prefixes (IPv4: prefix i; IPv6: half of one). */
    private long word(int i) { return words == null ? single : words[i]; }

    private static final PrefixBatch EMPTY_V4 = new PrefixBatch(Family.IPV4_UNICAST, 0, NO_WORDS, null, null);
    private static final PrefixBatch EMPTY_V6 = new PrefixBatch(Family.IPV6_UNICAST, 0, NO_WORDS, new byte[0], null);

    /** The empty batch of a family (a shared immutable instance). */
    public static PrefixBatch empty(Family family) {
        return family == Family.IPV6_UNICAST ? EMPTY_V6 : EMPTY_V4;
    }

    /** IPv4 prefixes already packed with {@link IpPrefix#packV4}; {@code pathIds} may be null. Copies both arrays. */
    public static PrefixBatch ofPackedV4(long[] packed, int[] pathIds) {
        if (pathIds != null && pathIds.length != packed.length) throw new IllegalArgumentException("one path id per prefix");
        long[] w = packed.clone();
        for (int i = 0; i < w.length; i++) {
            int len = IpPrefix.packedV4Length(w[i]);
            if (len > 32 || (w[i] & 0xffff_ff00L) != 0) throw new IllegalArgumentException("not a packed IPv4 prefix: " + Long.toHexString(w[i]));
            w[i] = IpPrefix.packV4(IpPrefix.packedV4Address(w[i]) & maskV4(len), len);
        }
        return new PrefixBatch(Family.IPV4_UNICAST, w.length, w, null, pathIds == null ? null : pathIds.clone());
    }

    public static PrefixBatch of(Family family, List<IpPrefix> prefixes) {
        return of(family, prefixes, null);
    }

    /** From value objects (tests, config, the control plane); {@code pathIds} may be null. */
    public static PrefixBatch of(Family family, List<IpPrefix> prefixes, int[] pathIds) {
        int n = prefixes.size();
        if (pathIds != null && pathIds.length != n) throw new IllegalArgumentException("one path id per prefix");
        boolean v6 = family == Family.IPV6_UNICAST;
        long[] w = new long[v6 ? 2 * n : n];
        byte[] lens = v6 ? new byte[n] : null;
        for (int i = 0; i < n; i++) {
            IpPrefix p = prefixes.get(i);
            if (p.family() != family) throw new IllegalArgumentException(p + " is not " + family.configName());
            if (v6) {
                w[2 * i] = p.address().hi();
                w[2 * i + 1] = p.address().lo();
                lens[i] = (byte) p.length();
            } else {
                w[i] = IpPrefix.packV4(p.address().v4(), p.length());
            }
        }
        return new PrefixBatch(family, n, w, lens, pathIds == null ? null : pathIds.clone());
    }

    public Family family() { return family; }

    public int size() { return size; }

    public boolean isEmpty() { return size == 0; }

    /** True when the prefixes carry ADD-PATH path identifiers. */
    public boolean hasPathIds() { return pathIds != null; }

    /** The path identifier of prefix {@code i}; 0 when the batch has none. */
    public int pathId(int i) {
        checkIndex(i);
        return pathIds == null ? 0 : pathIds[i];
    }

    /** IPv4 only: prefix {@code i} in the {@link IpPrefix#packV4} layout. */
    public long packedV4(int i) {
        checkIndex(i);
        if (family != Family.IPV4_UNICAST) throw new IllegalStateException("not an IPv4 batch");
        return word(i);
    }

    /** IPv6 only: the high 64 bits of address {@code i}. */
    public long v6Hi(int i) {
        checkIndex(i);
        if (family != Family.IPV6_UNICAST) throw new IllegalStateException("not an IPv6 batch");
        return words[2 * i];
    }

    /** IPv6 only: the low 64 bits of address {@code i}. */
    public long v6Lo(int i) {
        checkIndex(i);
        if (family != Family.IPV6_UNICAST) throw new IllegalStateException("not an IPv6 batch");
        return words[2 * i + 1];
    }

    /** The prefix length of prefix {@code i}. */
    public int length(int i) {
        checkIndex(i);
        return family == Family.IPV4_UNICAST ? IpPrefix.packedV4Length(word(i)) : v6Lengths[i] & 0xff;
    }

    /** Prefix {@code i} as a value object (allocates: for the control plane and tests, not the hot path). */
    public IpPrefix prefix(int i) {
        checkIndex(i);
        if (family == Family.IPV4_UNICAST) return IpPrefix.unpackV4(word(i));
        return new IpPrefix(IpAddress.ofV6(words[2 * i], words[2 * i + 1]), v6Lengths[i] & 0xff);
    }

    /** All prefixes as value objects (allocates). */
    public List<IpPrefix> toList() {
        List<IpPrefix> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) out.add(prefix(i));
        return out;
    }

    /** Prefixes {@code from} (inclusive) to {@code to} (exclusive) as a new batch (copies that range). */
    public PrefixBatch slice(int from, int to) {
        if (from < 0 || to > size || from > to) throw new IndexOutOfBoundsException("slice " + from + ".." + to + " of " + size);
        int n = to - from;
        boolean v6 = family == Family.IPV6_UNICAST;
        long[] all = words != null ? words : new long[] {single};
        long[] w = v6 ? Arrays.copyOfRange(all, 2 * from, 2 * to) : Arrays.copyOfRange(all, from, to);
        byte[] lens = v6 ? Arrays.copyOfRange(v6Lengths, from, to) : null;
        int[] ids = pathIds == null ? null : Arrays.copyOfRange(pathIds, from, to);
        return new PrefixBatch(family, n, w, lens, ids);
    }

    /** Octets prefix {@code i} takes in an NLRI field (path identifier included when present). */
    public int encodedLength(int i) {
        return (pathIds == null ? 0 : 4) + 1 + ((length(i) + 7) >>> 3);
    }

    /** Octets these prefixes take in an NLRI field (with path identifiers when present). */
    public int encodedLength() {
        int total = pathIds == null ? 0 : 4 * size;
        for (int i = 0; i < size; i++) total += 1 + ((length(i) + 7) >>> 3);
        return total;
    }

    static int maskV4(int len) {
        return len == 0 ? 0 : -1 << (32 - len);
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("prefix " + i + " of " + size);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof PrefixBatch b) || b.family != family || b.size != size) return false;
        int wordCount = family == Family.IPV6_UNICAST ? 2 * size : size;
        for (int i = 0; i < wordCount; i++) if (word(i) != b.word(i)) return false;
        if (family == Family.IPV6_UNICAST && !Arrays.equals(v6Lengths, 0, size, b.v6Lengths, 0, size)) return false;
        if (size == 0) return true;
        if ((pathIds == null) != (b.pathIds == null)) return false;
        return pathIds == null || Arrays.equals(pathIds, 0, size, b.pathIds, 0, size);
    }

    @Override
    public int hashCode() {
        int h = family.hashCode() * 31 + size;
        int wordCount = family == Family.IPV6_UNICAST ? 2 * size : size;
        for (int i = 0; i < wordCount; i++) h = h * 31 + Long.hashCode(word(i));
        if (pathIds != null) for (int i = 0; i < size; i++) h = h * 31 + pathIds[i];
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(family.configName()).append('[');
        for (int i = 0; i < size; i++) {
            if (i > 0) sb.append(", ");
            if (i == 16 && size > 20) {
                sb.append("... ").append(size - 16).append(" more");
                break;
            }
            if (pathIds != null) sb.append("id ").append(Integer.toUnsignedString(pathIds[i])).append(' ');
            sb.append(prefix(i));
        }
        return sb.append(']').toString();
    }
}
