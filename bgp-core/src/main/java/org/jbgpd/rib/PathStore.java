package org.jbgpd.rib;

import java.util.Arrays;

/**
 * Every path of one family (a peer's announcement of a prefix, with its add-path id) as a row of
 * parallel primitive arrays, no object per path. The paths of one prefix form a singly linked
 * chain through {@code next}, starting at the prefix's head; freed rows are chained into a free
 * list through the same array.
 *
 * <p>A row costs 11 bytes: next (4), peer slot (2), received attribute id (4), flags (1). Two
 * columns exist only once needed (ADR 0061): the add-path id (most peers send none) and the
 * attribute id after import policy when a policy changed the attributes (most accept them as
 * they are; a rejected path is a flag).
 */
final class PathStore {

    static final int NIL = -1;

    static final byte STALE = 1;      // kept for a restarting peer (RFC 4724)
    static final byte SELECTED = 2;   // its next hop is installed (best or multipath)
    private static final byte REJECTED = 4;  // by import policy or a loop check
    private static final byte OWN_EFF = 8;   // eff[] holds the attributes after policy

    private int[] next;
    private char[] peer;
    private int[] raw;
    private byte[] flags;
    private int[] pathId;             // null until a path with a non-zero add-path id arrives
    private int[] eff;                // null until a policy changes attributes
    private int highWater;
    private int freeHead = NIL;
    private int count;

    PathStore(int expected) {
        int n = Math.max(16, expected);
        next = new int[n];
        peer = new char[n];
        raw = new int[n];
        flags = new byte[n];
    }

    int add(int peerSlot, int addPathId, int rawAttr, int effAttr, int nextInChain) {
        int i;
        if (freeHead != NIL) {
            i = freeHead;
            freeHead = next[i];
        } else {
            i = highWater++;
            if (i >= next.length) grow();
        }
        next[i] = nextInChain;
        peer[i] = (char) peerSlot;
        raw[i] = rawAttr;
        flags[i] = 0;
        if (pathId != null) pathId[i] = addPathId;
        else if (addPathId != 0) {
            pathId = new int[next.length];
            pathId[i] = addPathId;
        }
        setEff(i, effAttr);
        count++;
        return i;
    }

    void free(int i) {
        next[i] = freeHead;
        freeHead = i;
        count--;
    }

    int size() { return count; }

    int next(int i) { return next[i]; }
    void setNext(int i, int n) { next[i] = n; }
    int peer(int i) { return peer[i]; }
    int pathId(int i) { return pathId == null ? 0 : pathId[i]; }
    int raw(int i) { return raw[i]; }
    void setRaw(int i, int a) { raw[i] = a; }

    /** The attribute id after import policy, or NIL when the path was rejected. */
    int eff(int i) {
        byte f = flags[i];
        if ((f & REJECTED) != 0) return NIL;
        return (f & OWN_EFF) != 0 ? eff[i] : raw[i];
    }

    /** Sets the attributes after policy; call after {@link #setRaw} when both change. */
    void setEff(int i, int a) {
        byte f = (byte) (flags[i] & ~(REJECTED | OWN_EFF));
        if (a == NIL) f |= REJECTED;
        else if (a != raw[i]) {
            if (eff == null) eff = new int[next.length];
            eff[i] = a;
            f |= OWN_EFF;
        }
        flags[i] = f;
    }

    boolean has(int i, byte flag) { return (flags[i] & flag) != 0; }
    void set(int i, byte flag, boolean on) { flags[i] = (byte) (on ? flags[i] | flag : flags[i] & ~flag); }

    long footprintBytes() {
        return next.length * 11L + (pathId == null ? 0 : pathId.length * 4L) + (eff == null ? 0 : eff.length * 4L);
    }

    private void grow() {
        int n = Capacity.grow(next.length);
        next = Arrays.copyOf(next, n);
        peer = Arrays.copyOf(peer, n);
        raw = Arrays.copyOf(raw, n);
        flags = Arrays.copyOf(flags, n);
        if (pathId != null) pathId = Arrays.copyOf(pathId, n);
        if (eff != null) eff = Arrays.copyOf(eff, n);
    }
}
