package org.jbgpd.rib;

/**
 * Every path of one family (a peer's announcement of a prefix, with its add-path id) as a row of
 * one interleaved int array, no object per path. The paths of one prefix form a singly linked
 * chain through {@code next}, starting at the prefix's head; freed rows are chained into a free
 * list through the same field.
 *
 * <p>A row is three ints (12 bytes, in pages: ADR 0063): next, received attribute id, and peer slot (16 bits) with the
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

    private final IntRows rows;       // in pages that are added, never copied (ADR 0063)
    private IntRows pathId;           // null until a path with a non-zero add-path id arrives
    private IntRows eff;              // null until a policy changes attributes
    private int highWater;
    private int freeHead = NIL;
    private int count;

    PathStore(int expected) {
        rows = new IntRows(STRIDE, Math.max(16, expected));
    }

    int add(int peerSlot, int addPathId, int rawAttr, int effAttr, int nextInChain) {
        int i;
        if (freeHead != NIL) {
            i = freeHead;
            freeHead = rows.get(i, NEXT);
        } else {
            i = highWater++;
            if (i >= rows.capacity()) grow(i + 1);
        }
        rows.set(i, NEXT, nextInChain);
        rows.set(i, RAW, rawAttr);
        rows.set(i, PEER_FLAGS, peerSlot << 8);
        if (pathId != null) pathId.set(i, 0, addPathId);
        else if (addPathId != 0) {
            pathId = new IntRows(1, rows.capacity());
            pathId.set(i, 0, addPathId);
        }
        setEff(i, effAttr);
        count++;
        return i;
    }

    void free(int i) {
        rows.set(i, NEXT, freeHead);
        freeHead = i;
        count--;
    }

    int size() { return count; }

    int next(int i) { return rows.get(i, NEXT); }
    void setNext(int i, int n) { rows.set(i, NEXT, n); }
    int peer(int i) { return rows.get(i, PEER_FLAGS) >>> 8; }
    int pathId(int i) { return pathId == null ? 0 : pathId.get(i, 0); }
    int raw(int i) { return rows.get(i, RAW); }
    void setRaw(int i, int a) { rows.set(i, RAW, a); }

    /** True when row {@code i} is the path of {@code peerSlot} with add-path id {@code addPathId}. */
    boolean is(int i, int peerSlot, int addPathId) {
        return peer(i) == peerSlot && (pathId == null ? addPathId == 0 : pathId.get(i, 0) == addPathId);
    }

    /** The attribute id after import policy, or NIL when the path was rejected. */
    int eff(int i) {
        int f = rows.get(i, PEER_FLAGS);
        if ((f & REJECTED) != 0) return NIL;
        return (f & OWN_EFF) != 0 ? eff.get(i, 0) : rows.get(i, RAW);
    }

    /** Sets the attributes after policy; call after {@link #setRaw} when both change. */
    void setEff(int i, int a) {
        int f = rows.get(i, PEER_FLAGS) & ~(REJECTED | OWN_EFF);
        if (a == NIL) f |= REJECTED;
        else if (a != rows.get(i, RAW)) {
            if (eff == null) eff = new IntRows(1, rows.capacity());
            eff.set(i, 0, a);
            f |= OWN_EFF;
        }
        rows.set(i, PEER_FLAGS, f);
    }

    boolean has(int i, byte flag) { return (rows.get(i, PEER_FLAGS) & flag) != 0; }

    void set(int i, byte flag, boolean on) {
        int f = rows.get(i, PEER_FLAGS);
        rows.set(i, PEER_FLAGS, on ? f | flag : f & ~flag);
    }

    long footprintBytes() {
        return rows.footprintBytes() + (pathId == null ? 0 : pathId.footprintBytes()) + (eff == null ? 0 : eff.footprintBytes());
    }

    private void grow(int atLeast) {
        rows.ensure(atLeast);
        if (pathId != null) pathId.ensure(rows.capacity());
        if (eff != null) eff.ensure(rows.capacity());
    }
}
