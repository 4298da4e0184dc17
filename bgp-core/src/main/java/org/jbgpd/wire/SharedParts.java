package org.jbgpd.wire;

import java.util.Arrays;

/**
 * The AS paths and community lists of the attribute sets one session decoded, so that a new set made of parts seen
 * before takes the very objects it saw (ADR 0148). Sets differ in many ways while their parts repeat: the RIS update
 * files hold, per peer, ~9,800 distinct sets over ~7,200 AS paths and ~1,700 community lists, and the benchmark's
 * diverse table 125k sets over 11.8k paths and 2.3k lists. An AS path object with its segment and array is ~80 bytes.
 * Parts are immutable, so sharing them changes nothing a reader can see (as with the shared NEXT_HOP, ADR 0131).
 *
 * <p>Eight-way buckets chosen by the part's hash, grown by doubling while more than half full, up to
 * {@link #MAX_SLOTS}; then a new part replaces one not used since the last sweep, or is not kept. {@link #sweep}, run
 * with {@link KnownAttributeSets}' sweep, forgets the parts not used since the sweep before, so a table a peer
 * withdrew does not stay referenced from here. Only full decodes come here (a set found by its octets brings its
 * parts along). One instance per session direction; not thread-safe.
 */
final class SharedParts {

    static final int INITIAL_SLOTS = 256;
    static final int WAYS = 8;
    /** 128k slots (1 MiB of hashes and references). */
    static final int MAX_SLOTS = 1 << 17;

    private int[] hashes = new int[INITIAL_SLOTS];
    /** By slot: an {@link AsPath} or an {@code int[]} of communities, or null. */
    private Object[] parts = new Object[INITIAL_SLOTS];
    private long[] recent = new long[INITIAL_SLOTS >>> 6];
    private int used;

    /** The AS path equal to {@code p} that this session holds already, or {@code p}, now held. */
    AsPath asPath(AsPath p) {
        return (AsPath) share(p, p.hashCode());
    }

    /** The community list equal to {@code c} that this session holds already, or {@code c}, now held. */
    int[] communities(int[] c) {
        return (int[]) share(c, Arrays.hashCode(c) * 0x9E3779B9 + 1); // apart from AS paths of the same hash
    }

    private Object share(Object part, int hash) {
        int b = hash & (parts.length - WAYS);
        for (int i = b; i < b + WAYS; i++) {
            if (hashes[i] == hash && same(parts[i], part)) {
                recent[i >>> 6] |= 1L << i;
                return parts[i];
            }
        }
        put(hash, part);
        return part;
    }

    private static boolean same(Object held, Object part) {
        if (held instanceof int[] h) return part instanceof int[] c && Arrays.equals(h, c);
        return held != null && held.equals(part);
    }

    private void put(int hash, Object part) {
        if (used * 2 > parts.length && parts.length < MAX_SLOTS) resize(parts.length * 2);
        int b = hash & (parts.length - WAYS);
        int i = -1;
        for (int j = b; j < b + WAYS; j++) {
            if (parts[j] == null) { i = j; break; }
            if (i < 0 && (recent[j >>> 6] & 1L << j) == 0) i = j;
        }
        if (i < 0) return; // a full bucket of parts in use: this one is not shared
        if (parts[i] == null) used++;
        hashes[i] = hash;
        parts[i] = part;
        recent[i >>> 6] |= 1L << i;
    }

    int size() { return used; }

    private void resize(int slots) {
        int[] oldHashes = hashes;
        Object[] oldParts = parts;
        hashes = new int[slots];
        parts = new Object[slots];
        recent = new long[slots >>> 6];
        used = 0;
        for (int k = 0; k < oldParts.length; k++) if (oldParts[k] != null) put(oldHashes[k], oldParts[k]);
    }

    /** Forgets the parts not used since the last sweep; shrinks the table while it is less than an eighth full. */
    void sweep() {
        for (int k = 0; k < parts.length; k++) {
            if (parts[k] != null && (recent[k >>> 6] & 1L << k) == 0) {
                parts[k] = null;
                used--;
            }
        }
        int slots = parts.length;
        while (slots > INITIAL_SLOTS && used * 8 < slots) slots >>>= 1;
        if (slots != parts.length) resize(slots);
        Arrays.fill(recent, 0);
    }
}
