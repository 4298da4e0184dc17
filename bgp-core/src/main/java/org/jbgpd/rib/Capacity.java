package org.jbgpd.rib;

/**
 * How the engine's primitive arrays grow: by a quarter, not by half or double, because at a full
 * table the slack of a larger step is tens of megabytes of heap that holds nothing (ADR 0061).
 */
final class Capacity {

    private Capacity() { }

    static int grow(int current) {
        long n = Math.max(16, current + (current >> 2));
        if (n > Integer.MAX_VALUE - 16) throw new IllegalStateException("route table full");
        return (int) n;
    }
}
