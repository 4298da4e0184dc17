package org.jbgpd.rib;

/**
 * Every path of one family (a peer's announcement of a prefix, with its add-path id) as a row of
 * interleaved ints, no object per path. The paths of one prefix form a singly linked chain through
 * {@code next}, newest first.
 *
 * <p>A prefix's first path lives in its lead row, the row of the prefix's own id: most prefixes of a
 * full table have one path, and they need no head pointer and no row elsewhere (ADR 0144). Its
 * handle is the prefix id. Further paths take rows of a second table, handle {@code -2 - row}, whose
 * freed rows are chained into a free list through {@code next}. A new path goes into the lead row
 * and the path that was there moves to a new row behind it; removing the lead path moves the next
 * one into the lead row. A handle is therefore valid only until the prefix's chain changes.
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
    private static final byte USED = 16;     // the row holds a path (a lead row may be empty)

    private static final int STRIDE = 3;
    private static final int NEXT = 0;
    private static final int RAW = 1;
    private static final int PEER_FLAGS = 2; // peer slot << 8 | flags

    // In pages that are added, never copied (ADR 0063). lead: by prefix id; more: by row, handle -2 - row.
    private final IntRows lead;
    private final IntRows more;
    private IntRows leadPathId, morePathId;   // null until a path with a non-zero add-path id arrives
    private IntRows leadEff, moreEff;         // null until a policy changes attributes
    private int moreHighWater;
    private int moreFree = NIL;
    private int count;

    PathStore(int expectedPrefixes) {
        lead = new IntRows(STRIDE, Math.max(16, expectedPrefixes));
        more = new IntRows(STRIDE, 16);
    }

    /** Makes the lead rows of prefix ids below {@code ids} addressable. */
    void ensurePrefixes(int ids) {
        lead.ensure(ids);
        if (leadPathId != null) leadPathId.ensure(lead.capacity());
        if (leadEff != null) leadEff.ensure(lead.capacity());
    }

    /** The newest path of prefix {@code prefixId}, or NIL. */
    int head(int prefixId) { return (lead.get(prefixId, PEER_FLAGS) & USED) != 0 ? prefixId : NIL; }

    /** Adds a path to prefix {@code prefixId} at the front of its chain; returns its handle (the prefix id). */
    int add(int prefixId, int peerSlot, int addPathId, int rawAttr, int effAttr) {
        int next = NIL;
        if (head(prefixId) != NIL) {
            int h = takeMoreRow();
            copy(prefixId, h);
            next = h;
        }
        lead.set(prefixId, NEXT, next);
        lead.set(prefixId, RAW, rawAttr);
        lead.set(prefixId, PEER_FLAGS, peerSlot << 8 | USED);
        if (addPathId != 0 || leadPathId != null) setPathId(prefixId, addPathId);
        setEff(prefixId, effAttr);
        count++;
        return prefixId;
    }

    /**
     * Removes path {@code h} of prefix {@code prefixId} ({@code prev}: the path before it, NIL for the lead path) and
     * returns the handle that now holds the path that followed it, or NIL: where a walk of the chain goes on.
     */
    int remove(int prefixId, int h, int prev) {
        count--;
        int next = next(h);
        if (h >= 0) {
            if (next == NIL) {
                lead.set(h, PEER_FLAGS, 0);
                return NIL;
            }
            copy(next, h);
            freeMoreRow(next);
            return h;
        }
        if (prev == NIL) throw new IllegalStateException("path " + h + " of prefix " + prefixId + " has no predecessor");
        setNext(prev, next);
        freeMoreRow(h);
        return next;
    }

    int size() { return count; }

    int next(int h) { return get(h, NEXT); }
    private void setNext(int h, int n) { set(h, NEXT, n); }
    int peer(int h) { return get(h, PEER_FLAGS) >>> 8; }
    int pathId(int h) {
        if (h >= 0) return leadPathId == null ? 0 : leadPathId.get(h, 0);
        return morePathId == null ? 0 : morePathId.get(-2 - h, 0);
    }
    int raw(int h) { return get(h, RAW); }
    void setRaw(int h, int a) { set(h, RAW, a); }

    /** True when row {@code i} is the path of {@code peerSlot} with add-path id {@code addPathId}. */
    boolean is(int i, int peerSlot, int addPathId) {
        return peer(i) == peerSlot && pathId(i) == addPathId;
    }

    /** The attribute id after import policy, or NIL when the path was rejected. */
    int eff(int i) {
        int f = get(i, PEER_FLAGS);
        if ((f & REJECTED) != 0) return NIL;
        return (f & OWN_EFF) != 0 ? (i >= 0 ? leadEff.get(i, 0) : moreEff.get(-2 - i, 0)) : get(i, RAW);
    }

    /** Sets the attributes after policy; call after {@link #setRaw} when both change. */
    void setEff(int i, int a) {
        int f = get(i, PEER_FLAGS) & ~(REJECTED | OWN_EFF);
        if (a == NIL) f |= REJECTED;
        else if (a != get(i, RAW)) {
            if (leadEff == null) {
                leadEff = new IntRows(1, lead.capacity());
                moreEff = new IntRows(1, more.capacity());
            }
            if (i >= 0) leadEff.set(i, 0, a);
            else moreEff.set(-2 - i, 0, a);
            f |= OWN_EFF;
        }
        set(i, PEER_FLAGS, f);
    }

    boolean has(int i, byte flag) { return (get(i, PEER_FLAGS) & flag) != 0; }

    void set(int i, byte flag, boolean on) {
        int f = get(i, PEER_FLAGS);
        set(i, PEER_FLAGS, on ? f | flag : f & ~flag);
    }

    long footprintBytes() {
        return lead.footprintBytes() + more.footprintBytes()
                + (leadPathId == null ? 0 : leadPathId.footprintBytes() + morePathId.footprintBytes())
                + (leadEff == null ? 0 : leadEff.footprintBytes() + moreEff.footprintBytes());
    }

    private int get(int h, int field) { return h >= 0 ? lead.get(h, field) : more.get(-2 - h, field); }

    private void set(int h, int field, int value) {
        if (h >= 0) lead.set(h, field, value);
        else more.set(-2 - h, field, value);
    }

    private void setPathId(int h, int addPathId) {
        if (leadPathId == null) {
            leadPathId = new IntRows(1, lead.capacity());
            morePathId = new IntRows(1, more.capacity());
        }
        if (h >= 0) leadPathId.set(h, 0, addPathId);
        else morePathId.set(-2 - h, 0, addPathId);
    }

    /** Copies every field of path {@code from} into row {@code to} (of either table). */
    private void copy(int from, int to) {
        set(to, NEXT, get(from, NEXT));
        set(to, RAW, get(from, RAW));
        set(to, PEER_FLAGS, get(from, PEER_FLAGS));
        if (leadPathId != null) setPathId(to, pathId(from));
        if (leadEff != null) {
            int e = from >= 0 ? leadEff.get(from, 0) : moreEff.get(-2 - from, 0);
            if (to >= 0) leadEff.set(to, 0, e);
            else moreEff.set(-2 - to, 0, e);
        }
    }

    private int takeMoreRow() {
        int row;
        if (moreFree != NIL) {
            row = moreFree;
            moreFree = more.get(row, NEXT);
        } else {
            row = moreHighWater++;
            if (row >= more.capacity()) {
                more.ensure(row + 1);
                if (morePathId != null) morePathId.ensure(more.capacity());
                if (moreEff != null) moreEff.ensure(more.capacity());
            }
        }
        return -2 - row;
    }

    private void freeMoreRow(int h) {
        int row = -2 - h;
        more.set(row, PEER_FLAGS, 0);
        more.set(row, NEXT, moreFree);
        moreFree = row;
    }
}
