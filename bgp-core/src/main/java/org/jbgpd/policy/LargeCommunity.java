package org.jbgpd.policy;

import org.jbgpd.wire.PathAttributes;

/** An RFC 8092 large community: three unsigned 32-bit numbers, written "global:local1:local2". */
public record LargeCommunity(long global, long local1, long local2) implements Comparable<LargeCommunity> {

    public LargeCommunity {
        if (((global | local1 | local2) >>> 32) != 0 || global < 0 || local1 < 0 || local2 < 0) {
            throw new IllegalArgumentException("large community parts are 0..4294967295");
        }
    }

    /** Parses "64512:1:2". */
    public static LargeCommunity parse(String text) {
        String[] p = text.split(":", -1);
        if (p.length != 3) throw new IllegalArgumentException("not a large community (a:b:c): " + text);
        try {
            return new LargeCommunity(Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a large community (a:b:c): " + text);
        }
    }

    /** Whether a route's LARGE_COMMUNITY attribute holds this one. */
    public boolean in(PathAttributes a) {
        for (int i = 0; i < a.largeCommunityCount(); i++) {
            if (a.largeCommunity(i, 0) == global && a.largeCommunity(i, 1) == local1 && a.largeCommunity(i, 2) == local2) return true;
        }
        return false;
    }

    @Override
    public int compareTo(LargeCommunity o) {
        int c = Long.compare(global, o.global);
        if (c == 0) c = Long.compare(local1, o.local1);
        return c != 0 ? c : Long.compare(local2, o.local2);
    }

    @Override
    public String toString() { return global + ":" + local1 + ":" + local2; }
}
