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
    /** A rehash to this many slots or more (8 MiB) first collects the table it replaces (see rehash). */
    private static final int LARGE_TABLE_SLOTS = 1 << 21;

    private final boolean v4;
    private final Family family;
    // By id, in pages that are added, never copied (ADR 0063). v4: one long, address << 8 | length;
    // v6: two longs, the address's high and low bits, plus the length in keyLen.
    private final LongRows keys;
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
        keys = new LongRows(v4 ? 1 : 2, cap);
        if (!v4) keyLen = new byte[keys.capacity()];
        int slots = Integer.highestOneBit(Math.max(32, cap * 4 / 3)) << 1;
        table = new int[slots];
        Arrays.fill(table, EMPTY);
        mask = slots - 1;
    }

    Family family() { return family; }

    int size() { return count; }

    /** One past the highest id ever handed out: iterate ids below it and test {@link #isLive}. */
    int idLimit() { return highWater; }

    boolean isLive(int id) { return id < highWater && (v4 ? keys.get(id, 0) != DEAD_V4 : keyLen[id] != DEAD_V6_LENGTH); }

    long hi(int id) { return v4 ? keys.get(id, 0) >>> 8 : keys.get(id, 0); }

    long lo(int id) { return v4 ? 0 : keys.get(id, 1); }

    int length(int id) { return v4 ? (int) (keys.get(id, 0) & 0xff) : keyLen[id] & 0xff; }

    /** True when id {@code id} holds this key ({@code a} as {@link #find} forms it). */
    private boolean holds(int id, long a, long lo, int length) {
        return keys.get(id, 0) == a && (v4 || (keys.get(id, 1) == lo && (keyLen[id] & 0xff) == length));
    }

    IpPrefix prefix(int id) { return new IpPrefix(new IpAddress(family, hi(id), lo(id)), length(id)); }

    /** The id of a prefix, or -1. */
    int find(long hi, long lo, int length) {
        long a = v4 ? hi << 8 | length : hi;
        for (int s = slot(a, lo, length); ; s = (s + 1) & mask) {
            int id = table[s];
            if (id == EMPTY) return -1;
            if (holds(id, a, lo, length)) return id;
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
            if (holds(id, a, lo, length)) return id;
        }
        int id = freeCount > 0 ? freeIds[--freeCount] : highWater++;
        if (id >= keys.capacity()) growKeys(id + 1);
        keys.set(id, 0, a);
        if (!v4) {
            keys.set(id, 1, lo);
            keyLen[id] = (byte) length;
        }
        table[s] = id;
        count++;
        if (count > (mask + 1) * 3L / 4) rehash((mask + 1) * 2);
        return id;
    }

    /** Forgets a prefix; its id may be handed out again. */
    void remove(int id) {
        int s = slot(keys.get(id, 0), lo(id), length(id));
        while (table[s] != id) s = (s + 1) & mask;
        // Backward-shift deletion keeps probe chains intact without tombstones.
        int hole = s;
        for (int j = (hole + 1) & mask; table[j] != EMPTY; j = (j + 1) & mask) {
            int other = table[j];
            int home = slot(keys.get(other, 0), lo(other), length(other));
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                table[hole] = other;
                hole = j;
            }
        }
        table[hole] = EMPTY;
        if (v4) keys.set(id, 0, DEAD_V4);
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

    private void growKeys(int atLeast) {
        keys.ensure(atLeast);
        if (!v4) keyLen = Arrays.copyOf(keyLen, keys.capacity()); // one byte per id: copying it is cheap
    }

    private void rehash(int slots) {
        if (slots >= LARGE_TABLE_SLOTS) {
            // The table being replaced (4 MiB and more from about 790k prefixes on) would stay in the
            // old generation as garbage until the heap reaches -Xmx (Serial runs no full GC before):
            // drop it and collect once before the new one is allocated (ADR 0090).
            table = null;
            System.gc();
        }
        table = new int[slots];
        Arrays.fill(table, EMPTY);
        mask = slots - 1;
        for (int id = 0; id < highWater; id++) {
            if (!isLive(id)) continue;
            int s = slot(keys.get(id, 0), lo(id), length(id));
            while (table[s] != EMPTY) s = (s + 1) & mask;
            table[s] = id;
        }
    }

    /** Bytes held by this index, for the memory report. */
    long footprintBytes() {
        long b = keys.footprintBytes() + table.length * 4L + freeIds.length * 4L;
        if (!v4) b += keyLen.length;
        return b;
    }
}
