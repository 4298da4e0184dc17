package org.jbgpd.rib;

import java.util.Arrays;

/**
 * Every path of one family (a peer's announcement of a prefix, with its add-path id) as a row of
 * parallel primitive arrays: 23 bytes a path, no object. Rows of one prefix form a singly linked
 * chain through {@code next}; freed rows are chained into a free list through the same array.
 */
final class PathStore {

    static final int NIL = -1;

    static final byte STALE = 1;      // kept for a restarting peer (RFC 4724)
    static final byte SELECTED = 2;   // its next hop is installed (best or multipath)

    private int[] prefix;
    private int[] next;
    private char[] peer;
    private int[] pathId;
    private int[] raw;                // attribute id as received
    private int[] eff;                // attribute id after import policy, or NIL (rejected / loop)
    private byte[] flags;
    private int highWater;
    private int freeHead = NIL;
    private int count;

    PathStore(int expected) {
        int n = Math.max(16, expected);
        prefix = new int[n];
        next = new int[n];
        peer = new char[n];
        pathId = new int[n];
        raw = new int[n];
        eff = new int[n];
        flags = new byte[n];
    }

    int add(int prefixId, int peerSlot, int addPathId, int rawAttr, int effAttr, int nextInChain) {
        int i;
        if (freeHead != NIL) {
            i = freeHead;
            freeHead = next[i];
        } else {
            i = highWater++;
            if (i >= prefix.length) grow();
        }
        prefix[i] = prefixId;
        next[i] = nextInChain;
        peer[i] = (char) peerSlot;
        pathId[i] = addPathId;
        raw[i] = rawAttr;
        eff[i] = effAttr;
        flags[i] = 0;
        count++;
        return i;
    }

    void free(int i) {
        prefix[i] = NIL;
        next[i] = freeHead;
        freeHead = i;
        count--;
    }

    /** Rows below this may be live; test {@link #isLive}. */
    int rowLimit() { return highWater; }
    boolean isLive(int i) { return prefix[i] != NIL; }
    int size() { return count; }

    int prefix(int i) { return prefix[i]; }
    int next(int i) { return next[i]; }
    void setNext(int i, int n) { next[i] = n; }
    int peer(int i) { return peer[i]; }
    int pathId(int i) { return pathId[i]; }
    int raw(int i) { return raw[i]; }
    void setRaw(int i, int a) { raw[i] = a; }
    int eff(int i) { return eff[i]; }
    void setEff(int i, int a) { eff[i] = a; }
    boolean has(int i, byte flag) { return (flags[i] & flag) != 0; }
    void set(int i, byte flag, boolean on) { flags[i] = (byte) (on ? flags[i] | flag : flags[i] & ~flag); }

    long footprintBytes() { return prefix.length * 23L; }

    private void grow() {
        int n = Capacity.grow(prefix.length);
        prefix = Arrays.copyOf(prefix, n);
        next = Arrays.copyOf(next, n);
        peer = Arrays.copyOf(peer, n);
        pathId = Arrays.copyOf(pathId, n);
        raw = Arrays.copyOf(raw, n);
        eff = Arrays.copyOf(eff, n);
        flags = Arrays.copyOf(flags, n);
    }
}
