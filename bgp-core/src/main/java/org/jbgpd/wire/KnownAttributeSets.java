package org.jbgpd.wire;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/**
 * The attribute sets one session decoded recently, found again from the octets of an UPDATE's path attributes
 * without building anything (flyweight style, ADR 0093). A peer sends the same set many times: BIRD 2 sends a
 * full table of /24s spread over 125k sets as one UPDATE per prefix, so every set comes eight times, and a route
 * reflector repeats its one set for every pod block. A hit hands back the very {@link PathAttributes} object decoded
 * the first time, so the decoder allocates no attribute objects for it and the route engine's interning finds it by
 * identity instead of comparing field by field.
 *
 * <p>A slot is chosen by a hash of the octets; a candidate is only taken when the octets it was decoded from are
 * the loaded octets, every one of them. A hash collision (accidental or crafted) costs a normal decode, never a wrong
 * set. Those octets are not kept where they can be written again from the set (ADR 0147): most peers send the
 * standard form ({@link AttributeOctets}), and then a slot keeps only which attributes used the 2-octet length; a
 * candidate is compared with the set written out again. A diverse full table's 125k sets kept 13.5 MB of octet
 * copies (ADR 0107 had chosen the copies over walking the set's objects for speed; the walk is the price of the
 * memory).
 *
 * <p>Only sets whose decode was spotless are remembered (no RFC 7606 verdict or note, ORIGIN, AS_PATH and NEXT_HOP
 * present, no MP_REACH/MP_UNREACH, no uninterpreted attribute, 4-octet AS session); the decoder's options are fixed
 * for its life, so the same octets decode to the same set with the same (empty) verdict, and a hit and a decode give
 * equal results. Any other octet string, even one that would decode to an equal set, is decoded in full.
 *
 * <p>Sixteen-way set-associative ({@link #WAYS}), grown by doubling from {@link #INITIAL_SLOTS} while it is more than half full, up to
 * {@link #MAX_SLOTS}; then new sets replace old ones. A set not found again for a while is forgotten (ADR 0103): every
 * {@link #SWEEP_EVENTS} events (an UPDATE with attributes, or one withdrawn prefix) a sweep drops the sets not used
 * since the sweep before, and shrinks the table when it is mostly empty. A set the peer repeats (a diverse full table
 * brings each set back every ~125k UPDATEs) is kept; after a peer withdrew everything on a live session, the sets
 * the engine released are gone within two sweeps, instead of staying until their slots were reused or the
 * connection closed (125k diverse sets: ~25 MiB of heap). One instance per session direction; not thread-safe.
 */
final class KnownAttributeSets {

    static final int INITIAL_SLOTS = 256;
    /**
     * Slots per bucket: a set may sit in any of the sixteen slots of the bucket its hash picks (their hashes are 64 octets
     * of one or two cache lines). With two ways a 1M diverse table (125k sets in 256k slots) lost ~19 % of its repeats to full
     * slot pairs: 164k extra decodes, and every copy decoded again is not the instance the route engine interned, so its
     * later repeats missed the engine's intern hint too (ADR 0131).
     */
    static final int WAYS = 16;
    /** 256k slots (2 MiB of hashes and references): enough that a full table over ~125k sets hits most of the time. */
    static final int MAX_SLOTS = 1 << 18;
    /** Events (UPDATEs with attributes, withdrawn prefixes) between two sweeps: about four times the distance at which a diverse full table repeats a set. */
    static final int SWEEP_EVENTS = 2 * MAX_SLOTS;

    private int[] hashes = new int[INITIAL_SLOTS];
    private PathAttributes[] sets = new PathAttributes[INITIAL_SLOTS];
    /**
     * By slot: the octets the set was decoded from, or null where writing the set with the slot's {@link #shapes}
     * gives them back. A hit compares them (or the written octets) with the loaded octets.
     */
    private byte[][] keys = new byte[INITIAL_SLOTS][];
    /** By slot: the attributes that used the 2-octet length form ({@link AttributeOctets#extendedMask}), where {@link #keys} is null. */
    private int[] shapes = new int[INITIAL_SLOTS];
    private final AttributeOctets written = new AttributeOctets();
    /** A bit per slot: its set was found or remembered since the last sweep. */
    private long[] recent = new long[INITIAL_SLOTS >>> 6];
    private int used;
    private int events;
    /** The parts of the sets, shared between sets (ADR 0148); swept with this table. */
    private final SharedParts parts = new SharedParts();

    /**
     * Scratch for octets loaded from a {@code ByteBuf}: copied once out of it, because under C1 every ByteBuf read is a
     * chain of calls and checks, while an array read is one load.
     */
    private byte[] octets = new byte[256];
    /** The loaded octets: {@code src[from, from + length)}, the decoder's copy of the message or {@link #octets}; valid until the next load. */
    private byte[] src;
    private int from;
    private int length;
    private int hash;

    /** Takes the attributes in {@code [from, to)} of {@code b} as the set to {@link #find} or {@link #remember}; returns their hash. */
    int load(ByteBuf b, int from, int to) {
        int n = to - from;
        if (octets.length < n) octets = new byte[Math.max(n, 2 * octets.length)];
        b.getBytes(from, octets, 0, n);
        return load(octets, 0, n);
    }

    /**
     * Takes {@code o[from, to)} as the set to {@link #find} or {@link #remember} (ADR 0131: the decoder's own copy of
     * the message, read in place); {@code o} must not change before that. Returns their hash.
     */
    int load(byte[] o, int from, int to) {
        if (++events >= SWEEP_EVENTS) sweep();
        int n = to - from;
        src = o;
        this.from = from;
        length = n;
        long h = n;
        int p = from;
        // Unsigned: a sign-extended octet (or word) would flip all the high bits, and 100k sets differing in one AS
        // number gave 66k distinct hashes that way.
        for (; p + 4 <= to; p += 4) h = (h ^ (s32(o, p) & 0xffff_ffffL)) * 0x9E3779B97F4A7C15L; // a multiply per 4 octets, not per octet
        for (; p < to; p++) h = (h ^ (o[p] & 0xff)) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        hash = (int) (h ^ (h >>> 32));
        return hash;
    }

    /** The remembered set equal to the {@link #load loaded} attributes, or null. */
    PathAttributes find() {
        int b = hash & (sets.length - WAYS);
        for (int i = b; i < b + WAYS; i++) {
            if (holds(i)) {
                recent[i >>> 6] |= 1L << i;
                return sets[i];
            }
        }
        return null;
    }

    /** True when slot {@code i} holds a set decoded from exactly the loaded octets. */
    private boolean holds(int i) {
        // The hash first: a bucket's sixteen hashes are 64 octets, while a set and its octets are a miss each
        // (ADR 0121); a free slot's hash may be stale, so the set is still checked for null.
        if (hashes[i] != hash) return false;
        PathAttributes set = sets[i];
        if (set == null) return false;
        byte[] k = keys[i];
        if (k != null) return Arrays.equals(k, 0, k.length, src, from, from + length);
        int n = written.write(set, shapes[i], length);
        return n == length && Arrays.equals(written.octets(), 0, n, src, from, from + length);
    }

    /** Counts withdrawn prefixes towards the next sweep: a peer withdrawing its table sends few UPDATEs with attributes. */
    void withdrawn(int prefixes) {
        events += prefixes;
        if (events >= SWEEP_EVENTS) sweep();
    }

    /** Remembers the set decoded from the {@link #load loaded} octets (the caller checked that it is {@link #cacheable}). */
    void remember(PathAttributes a) {
        int shape = AttributeOctets.extendedMask(src, from, from + length);
        int n = written.write(a, shape, length);
        if (n == length && Arrays.equals(written.octets(), 0, n, src, from, from + length)) put(hash, null, shape, a);
        else put(hash, Arrays.copyOfRange(src, from, from + length), 0, a);
    }

    private void put(int hash, byte[] key, int shape, PathAttributes a) {
        if (used * 2 > sets.length && sets.length < MAX_SLOTS) grow();
        int b = hash & (sets.length - WAYS);
        int i = -1;
        for (int j = b; j < b + WAYS; j++) {
            if (sets[j] == null) { i = j; break; }
            if (i < 0 && (recent[j >>> 6] & 1L << j) == 0) i = j; // not used since the last sweep: the first to go
        }
        // A full bucket of recent sets: the victim is picked by the newcomer's hash, so the sets of an overfull
        // bucket do not all push out the same slot's set in turn.
        if (i < 0) i = b + (hash >>> 28); // the top four bits: WAYS = 16
        if (sets[i] == null) used++;
        hashes[i] = hash;
        keys[i] = key;
        shapes[i] = shape;
        sets[i] = a;
        recent[i >>> 6] |= 1L << i;
    }

    int size() { return used; }

    /** The AS paths and community lists this session's sets share, swept when this table is. */
    SharedParts parts() { return parts; }

    /** Sets kept with a copy of their octets, because writing them again does not give those octets (for tests). */
    int octetCopies() {
        int n = 0;
        for (byte[] k : keys) if (k != null) n++;
        return n;
    }

    /** Slots of the table (for tests). */
    int slots() { return sets.length; }

    private void grow() {
        resize(sets.length * 2);
    }

    private void resize(int slots) {
        int[] oldHashes = hashes;
        byte[][] oldKeys = keys;
        int[] oldShapes = shapes;
        PathAttributes[] oldSets = sets;
        hashes = new int[slots];
        keys = new byte[slots][];
        shapes = new int[slots];
        sets = new PathAttributes[slots];
        recent = new long[slots >>> 6];
        used = 0;
        for (int k = 0; k < oldSets.length; k++) if (oldSets[k] != null) put(oldHashes[k], oldKeys[k], oldShapes[k], oldSets[k]);
    }

    /** Forgets the sets not used since the last sweep; shrinks the table while it is less than an eighth full. */
    private void sweep() {
        events = 0;
        parts.sweep();
        for (int k = 0; k < sets.length; k++) {
            if (sets[k] != null && (recent[k >>> 6] & 1L << k) == 0) {
                sets[k] = null;
                keys[k] = null;
                used--;
            }
        }
        int slots = sets.length;
        while (slots > INITIAL_SLOTS && used * 8 < slots) slots >>>= 1;
        if (slots != sets.length) resize(slots);
        Arrays.fill(recent, 0);
    }

    /** True when a set decoded by {@link #remember}'s rules is what the decoder would make of these octets. */
    static boolean cacheable(PathAttributes a) {
        return a.origin() != null && a.asPath() != null && a.nextHop() != null && a.mpNextHop() == null && a.unknown().isEmpty();
    }

    private static int s32(byte[] b, int i) { return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff); }
}
