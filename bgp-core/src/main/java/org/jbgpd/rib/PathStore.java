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
 * <p>A further row is three ints (12 bytes, in pages: ADR 0063): next, received attribute id, and peer slot (16 bits)
 * with the flags (8 bits). A lead row is the last two (8 bytes; {@link LeadRows} packs them into 4 while they fit,
 * ADR 0149); its {@code next} is a column of its own that exists
 * only once some prefix has a second path: a table fed by one peer has none (ADR 0144). The fields of a row sit in
 * one cache line, so walking a chain costs one memory access per path, not one per column (ADR 0061: at a full table
 * the engine is bound by cache misses, not by instructions). Two more columns exist only once needed: the add-path id
 * (most peers send none) and the attribute id after import policy when a policy changed the attributes (most accept
 * them as they are; a rejected path is a flag).
 */
final class PathStore {

    static final int NIL = -1;

    static final byte STALE = 1;      // kept for a restarting peer (RFC 4724)
    static final byte SELECTED = 2;   // its next hop is installed (best or multipath)
    private static final byte REJECTED = 4;  // by import policy or a loop check
    private static final byte OWN_EFF = 8;   // eff[] holds the attributes after policy
    private static final byte USED = 16;     // the row holds a path (a lead row may be empty)

    // Lead rows: raw attribute id, peer slot << 8 | flags (packed into one int while they fit, ADR 0149). Further
    // rows: next, then the same two.
    private static final int MORE_NEXT = 0;
    private static final int MORE_RAW = 1;
    private static final int MORE_PEER_FLAGS = 2;

    // In pages that are added, never copied (ADR 0063). lead: by prefix id; more: by row, handle -2 - row.
    private final LeadRows lead;
    private final IntRows more;
    private IntRows leadNext;                 // by prefix id, next handle + 1 (0: none); null until a second path
    private IntRows leadPathId, morePathId;   // null until a path with a non-zero add-path id arrives
    private IntRows leadEff, moreEff;         // null until a policy changes attributes
    private int moreHighWater;
    private int moreFree = NIL;
    private int count;

    PathStore(int expectedPrefixes) {
        lead = new LeadRows(Math.max(16, expectedPrefixes));
        more = new IntRows(3, 16);
    }

    /** Makes the lead rows of prefix ids below {@code ids} addressable. */
    void ensurePrefixes(int ids) {
        lead.ensure(ids);
        if (leadNext != null) leadNext.ensure(lead.capacity());
        if (leadPathId != null) leadPathId.ensure(lead.capacity());
        if (leadEff != null) leadEff.ensure(lead.capacity());
    }

    /** The newest path of prefix {@code prefixId}, or NIL. */
    int head(int prefixId) { return lead.has(prefixId, USED) ? prefixId : NIL; }

    /** Adds a path to prefix {@code prefixId} at the front of its chain; returns its handle (the prefix id). */
    int add(int prefixId, int peerSlot, int addPathId, int rawAttr, int effAttr) {
        int next = NIL;
        if (head(prefixId) != NIL) {
            next = takeMoreRow();
            copy(prefixId, next);
        }
        setNext(prefixId, next);
        lead.set(prefixId, rawAttr, peerSlot << 8 | USED);
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
                lead.setPeerFlags(h, 0);
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

    int next(int h) {
        if (h < 0) return more.get(-2 - h, MORE_NEXT);
        return leadNext == null ? NIL : leadNext.get(h, 0) - 1;
    }

    private void setNext(int h, int n) {
        if (h < 0) more.set(-2 - h, MORE_NEXT, n);
        else if (leadNext != null) leadNext.set(h, 0, n + 1);
        else if (n != NIL) throw new IllegalStateException("a second path without the next column");
    }

    int peer(int h) { return flags(h) >>> 8; }
    int pathId(int h) {
        if (h >= 0) return leadPathId == null ? 0 : leadPathId.get(h, 0);
        return morePathId == null ? 0 : morePathId.get(-2 - h, 0);
    }
    int raw(int h) { return h >= 0 ? lead.raw(h) : more.get(-2 - h, MORE_RAW); }
    void setRaw(int h, int a) {
        if (h >= 0) lead.setRaw(h, a);
        else more.set(-2 - h, MORE_RAW, a);
    }

    private int flags(int h) { return h >= 0 ? lead.peerFlags(h) : more.get(-2 - h, MORE_PEER_FLAGS); }

    private void setFlags(int h, int f) {
        if (h >= 0) lead.setPeerFlags(h, f);
        else more.set(-2 - h, MORE_PEER_FLAGS, f);
    }

    /** True when row {@code i} is the path of {@code peerSlot} with add-path id {@code addPathId}. */
    boolean is(int i, int peerSlot, int addPathId) {
        return peer(i) == peerSlot && pathId(i) == addPathId;
    }

    /** The attribute id after import policy, or NIL when the path was rejected. */
    int eff(int i) {
        int f = flags(i);
        if ((f & REJECTED) != 0) return NIL;
        return (f & OWN_EFF) != 0 ? (i >= 0 ? leadEff.get(i, 0) : moreEff.get(-2 - i, 0)) : raw(i);
    }

    /** Sets the attributes after policy; call after {@link #setRaw} when both change. */
    void setEff(int i, int a) {
        int f = flags(i) & ~(REJECTED | OWN_EFF);
        if (a == NIL) f |= REJECTED;
        else if (a != raw(i)) {
            if (leadEff == null) {
                leadEff = new IntRows(1, lead.capacity());
                moreEff = new IntRows(1, more.capacity());
            }
            if (i >= 0) leadEff.set(i, 0, a);
            else moreEff.set(-2 - i, 0, a);
            f |= OWN_EFF;
        }
        setFlags(i, f);
    }

    boolean has(int i, byte flag) { return (flags(i) & flag) != 0; }

    void set(int i, byte flag, boolean on) {
        int f = flags(i);
        setFlags(i, on ? f | flag : f & ~flag);
    }

    long footprintBytes() {
        return lead.footprintBytes() + more.footprintBytes() + (leadNext == null ? 0 : leadNext.footprintBytes())
                + (leadPathId == null ? 0 : leadPathId.footprintBytes() + morePathId.footprintBytes())
                + (leadEff == null ? 0 : leadEff.footprintBytes() + moreEff.footprintBytes());
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
        setNext(to, next(from));
        setRaw(to, raw(from));
        setFlags(to, flags(from));
        if (leadPathId != null) setPathId(to, pathId(from));
        if (leadEff != null) {
            int e = from >= 0 ? leadEff.get(from, 0) : moreEff.get(-2 - from, 0);
            if (to >= 0) leadEff.set(to, 0, e);
            else moreEff.set(-2 - to, 0, e);
        }
    }

    private int takeMoreRow() {
        if (leadNext == null) leadNext = new IntRows(1, lead.capacity()); // zero: no next
        int row;
        if (moreFree != NIL) {
            row = moreFree;
            moreFree = more.get(row, MORE_NEXT);
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
        more.set(row, MORE_PEER_FLAGS, 0);
        more.set(row, MORE_NEXT, moreFree);
        moreFree = row;
    }
}
