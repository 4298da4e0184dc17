package org.jbgpd.rib;

import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;

import java.util.Arrays;

/**
 * Gives each prefix of one family a small dense int id, with no object per prefix: an
 * open-addressing table of ids (linear probing, backward-shift deletion) over key arrays indexed
 * by id. IPv4 keys pack into one long (address << 8 | length); IPv6 keys take two longs and a
 * length byte. Ids of removed prefixes are reused. Engine thread only.
 */
final class PrefixIndex {

    private static final int EMPTY = -1;

    private final boolean v4;
    private final Family family;
    private long[] keyA;        // v4: address << 8 | length; v6: address high bits
    private long[] keyB;        // v6 only: address low bits
    private byte[] keyLen;      // v6 only
    // A removed id is marked in its key (no liveness array): v4 key -1 (length 255), v6 length 255.
    private static final long DEAD_V4 = -1L;
    private static final byte DEAD_V6_LENGTH = (byte) 0xff;
    private int[] table;        // slot -> id, EMPTY when free
    private int mask;
    private int count;
    private int highWater;      // ids below this have been handed out
    private int[] freeIds = new int[16];
    private int freeCount;

    PrefixIndex(Family family, int expected) {
        this.family = family;
        this.v4 = family == Family.IPV4_UNICAST;
        int cap = Math.max(16, expected);
        keyA = new long[cap];
        if (!v4) {
            keyB = new long[cap];
            keyLen = new byte[cap];
        }
        int slots = Integer.highestOneBit(Math.max(32, cap * 4 / 3)) << 1;
        table = new int[slots];
        Arrays.fill(table, EMPTY);
        mask = slots - 1;
    }

    Family family() { return family; }

    int size() { return count; }

    /** One past the highest id ever handed out: iterate ids below it and test {@link #isLive}. */
    int idLimit() { return highWater; }

    boolean isLive(int id) { return id < highWater && (v4 ? keyA[id] != DEAD_V4 : keyLen[id] != DEAD_V6_LENGTH); }

    long hi(int id) { return v4 ? keyA[id] >>> 8 : keyA[id]; }

    long lo(int id) { return v4 ? 0 : keyB[id]; }

    int length(int id) { return v4 ? (int) (keyA[id] & 0xff) : keyLen[id] & 0xff; }

    IpPrefix prefix(int id) { return new IpPrefix(new IpAddress(family, hi(id), lo(id)), length(id)); }

    /** The id of a prefix, or -1. */
    int find(long hi, long lo, int length) {
        long a = v4 ? hi << 8 | length : hi;
        for (int s = slot(a, lo, length); ; s = (s + 1) & mask) {
            int id = table[s];
            if (id == EMPTY) return -1;
            if (keyA[id] == a && (v4 || (keyB[id] == lo && (keyLen[id] & 0xff) == length))) return id;
        }
    }

    /** Reads the home slot of a prefix (its id there, or -1), to warm the cache before {@link #findOrAdd}. */
    int peek(long hi, long lo, int length) {
        long a = v4 ? hi << 8 | length : hi;
        return table[slot(a, lo, length)];
    }

    /** The id of a prefix, adding it if new. */
    int findOrAdd(long hi, long lo, int length) {
        long a = v4 ? hi << 8 | length : hi;
        int s = slot(a, lo, length);
        for (; ; s = (s + 1) & mask) {
            int id = table[s];
            if (id == EMPTY) break;
            if (keyA[id] == a && (v4 || (keyB[id] == lo && (keyLen[id] & 0xff) == length))) return id;
        }
        int id = freeCount > 0 ? freeIds[--freeCount] : highWater++;
        if (id >= keyA.length) growKeys();
        keyA[id] = a;
        if (!v4) {
            keyB[id] = lo;
            keyLen[id] = (byte) length;
        }
        table[s] = id;
        count++;
        if (count > (mask + 1) * 3L / 4) rehash((mask + 1) * 2);
        return id;
    }

    /** Forgets a prefix; its id may be handed out again. */
    void remove(int id) {
        int s = slot(keyA[id], v4 ? 0 : keyB[id], length(id));
        while (table[s] != id) s = (s + 1) & mask;
        // Backward-shift deletion keeps probe chains intact without tombstones.
        int hole = s;
        for (int j = (hole + 1) & mask; table[j] != EMPTY; j = (j + 1) & mask) {
            int other = table[j];
            int home = slot(keyA[other], v4 ? 0 : keyB[other], length(other));
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                table[hole] = other;
                hole = j;
            }
        }
        table[hole] = EMPTY;
        if (v4) keyA[id] = DEAD_V4;
        else keyLen[id] = DEAD_V6_LENGTH;
        count--;
        if (freeCount == freeIds.length) freeIds = Arrays.copyOf(freeIds, freeCount * 2);
        freeIds[freeCount++] = id;
    }

    private int slot(long a, long b, int length) {
        long h = a * 0x9E3779B97F4A7C15L;
        if (!v4) h ^= (b + length) * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return (int) h & mask;
    }

    private void growKeys() {
        int n = Capacity.grow(keyA.length);
        keyA = Arrays.copyOf(keyA, n);
        if (!v4) {
            keyB = Arrays.copyOf(keyB, n);
            keyLen = Arrays.copyOf(keyLen, n);
        }
    }

    private void rehash(int slots) {
        table = new int[slots];
        Arrays.fill(table, EMPTY);
        mask = slots - 1;
        for (int id = 0; id < highWater; id++) {
            if (!isLive(id)) continue;
            int s = slot(keyA[id], v4 ? 0 : keyB[id], length(id));
            while (table[s] != EMPTY) s = (s + 1) & mask;
            table[s] = id;
        }
    }

    /** Bytes held by this index, for the memory report. */
    long footprintBytes() {
        long b = keyA.length * 8L + table.length * 4L + freeIds.length * 4L;
        if (!v4) b += keyB.length * 8L + keyLen.length;
        return b;
    }
}
