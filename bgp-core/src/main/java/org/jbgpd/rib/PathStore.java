package org.jbgpd.rib;

import java.util.Arrays;

/**
 * Every path of one family (a peer's announcement of a prefix, with its add-path id) as a row of
 * one interleaved int array, no object per path. The paths of one prefix form a singly linked
 * chain through {@code next}, starting at the prefix's head; freed rows are chained into a free
 * list through the same field.
 *
 * <p>A row is three ints (12 bytes): next, received attribute id, and peer slot (16 bits) with the
 * flags (8 bits). The fields of a row sit in one cache line, so walking a chain costs one memory
 * access per path, not one per column (ADR 0061: at a full table the engine is bound by cache
 * misses, not by instructions). Two columns exist only once needed: the add-path id (most peers
 * send none) and the attribute id after import policy when a policy changed the attributes (most
 * accept them as they are; a rejected path is a flag).
 */
final class PathStore {

    static final int NIL = -1;

    static final byte STALE = 1;      // kept for a restarting peer (RFC 4724)
    static final byte SELECTED = 2;   // its next hop is installed (best or multipath)
    private static final byte REJECTED = 4;  // by import policy or a loop check
    private static final byte OWN_EFF = 8;   // eff[] holds the attributes after policy

    private static final int STRIDE = 3;
    private static final int NEXT = 0;
    private static final int RAW = 1;
    private static final int PEER_FLAGS = 2; // peer slot << 8 | flags

    private int[] rows;
    private int capacity;
    private int[] pathId;             // null until a path with a non-zero add-path id arrives
    private int[] eff;                // null until a policy changes attributes
    private int highWater;
    private int freeHead = NIL;
    private int count;

    PathStore(int expected) {
        capacity = Math.max(16, expected);
        rows = new int[capacity * STRIDE];
    }

    int add(int peerSlot, int addPathId, int rawAttr, int effAttr, int nextInChain) {
        int i;
        if (freeHead != NIL) {
            i = freeHead;
            freeHead = rows[i * STRIDE + NEXT];
        } else {
            i = highWater++;
            if (i >= capacity) grow();
        }
        int r = i * STRIDE;
        rows[r + NEXT] = nextInChain;
        rows[r + RAW] = rawAttr;
        rows[r + PEER_FLAGS] = peerSlot << 8;
        if (pathId != null) pathId[i] = addPathId;
        else if (addPathId != 0) {
            pathId = new int[capacity];
            pathId[i] = addPathId;
        }
        setEff(i, effAttr);
        count++;
        return i;
    }

    void free(int i) {
        rows[i * STRIDE + NEXT] = freeHead;
        freeHead = i;
        count--;
    }

    int size() { return count; }

    int next(int i) { return rows[i * STRIDE + NEXT]; }
    void setNext(int i, int n) { rows[i * STRIDE + NEXT] = n; }
    int peer(int i) { return rows[i * STRIDE + PEER_FLAGS] >>> 8; }
    int pathId(int i) { return pathId == null ? 0 : pathId[i]; }
    int raw(int i) { return rows[i * STRIDE + RAW]; }
    void setRaw(int i, int a) { rows[i * STRIDE + RAW] = a; }

    /** True when row {@code i} is the path of {@code peerSlot} with add-path id {@code addPathId}. */
    boolean is(int i, int peerSlot, int addPathId) {
        return peer(i) == peerSlot && (pathId == null ? addPathId == 0 : pathId[i] == addPathId);
    }

    /** The attribute id after import policy, or NIL when the path was rejected. */
    int eff(int i) {
        int r = i * STRIDE;
        int f = rows[r + PEER_FLAGS];
        if ((f & REJECTED) != 0) return NIL;
        return (f & OWN_EFF) != 0 ? eff[i] : rows[r + RAW];
    }

    /** Sets the attributes after policy; call after {@link #setRaw} when both change. */
    void setEff(int i, int a) {
        int r = i * STRIDE;
        int f = rows[r + PEER_FLAGS] & ~(REJECTED | OWN_EFF);
        if (a == NIL) f |= REJECTED;
        else if (a != rows[r + RAW]) {
            if (eff == null) eff = new int[capacity];
            eff[i] = a;
            f |= OWN_EFF;
        }
        rows[r + PEER_FLAGS] = f;
    }

    boolean has(int i, byte flag) { return (rows[i * STRIDE + PEER_FLAGS] & flag) != 0; }

    void set(int i, byte flag, boolean on) {
        int r = i * STRIDE + PEER_FLAGS;
        rows[r] = on ? rows[r] | flag : rows[r] & ~flag;
    }

    long footprintBytes() {
        return rows.length * 4L + (pathId == null ? 0 : pathId.length * 4L) + (eff == null ? 0 : eff.length * 4L);
    }

    private void grow() {
        capacity = Capacity.grow(capacity);
        rows = Arrays.copyOf(rows, capacity * STRIDE);
        if (pathId != null) pathId = Arrays.copyOf(pathId, capacity);
        if (eff != null) eff = Arrays.copyOf(eff, capacity);
    }
}
