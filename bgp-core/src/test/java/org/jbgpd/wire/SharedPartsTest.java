package org.jbgpd.wire;

import org.junit.jupiter.api.Test;

import static org.jbgpd.wire.KnownAttributeSetsTest.FOUR;
import static org.jbgpd.wire.KnownAttributeSetsTest.updateMessage;
import static org.jbgpd.wire.Wire.update;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A session's sets share their AS paths and community lists (ADR 0148): what a user would notice if it went wrong is
 * a route showing another route's path or communities, so every shared result is also compared with a fresh decode.
 */
class SharedPartsTest {

    private static String set(int asn, int community) {
        return "40 01 01 00" + String.format("40 02 0a 02 02 0000fde8 %08x", asn) + "40 03 04 c6336401"
                + String.format("c0 08 08 fde80001 %08x", community);
    }

    @Test
    void setsWithTheSamePathOrCommunitiesShareThemAndDecodeAsFreshDecodersDo() {
        MessageDecoder session = new MessageDecoder(FOUR);
        PathAttributes a = decode(session, set(65001, 7));
        PathAttributes b = decode(session, set(65001, 8)); // same path, other communities
        PathAttributes c = decode(session, set(65002, 7)); // other path, same communities
        assertNotSame(a, b);
        assertSame(a.asPath(), b.asPath(), "one AS path object for both sets");
        assertNotSame(a.asPath(), c.asPath());
        assertEquals("65000 65001", b.asPath().toString());
        assertEquals("65000 65002", c.asPath().toString());
        assertArrayEquals(new int[] {0xfde80001, 7}, c.communities());
        assertArrayEquals(new int[] {0xfde80001, 8}, b.communities());
        for (String s : new String[] {set(65001, 7), set(65001, 8), set(65002, 7)}) {
            assertEquals(decode(new MessageDecoder(FOUR), s), decode(session, s), s);
        }
    }

    @Test
    void equalCommunityListsAreOneArrayAndPathsAreNotConfusedWithThem() {
        SharedParts parts = new SharedParts();
        int[] first = {1, 2, 3};
        assertSame(first, parts.communities(first));
        assertSame(first, parts.communities(new int[] {1, 2, 3}));
        int[] other = {1, 2, 4};
        assertSame(other, parts.communities(other));
        AsPath p = AsPath.sequence(1, 2, 3);
        assertSame(p, parts.asPath(p));
        assertSame(p, parts.asPath(AsPath.sequence(1, 2, 3)));
        assertEquals(3, parts.size());
    }

    @Test
    void partsNotUsedForTwoSweepsAreForgotten() {
        SharedParts parts = new SharedParts();
        for (int i = 0; i < 10_000; i++) parts.asPath(AsPath.sequence(65000, i));
        AsPath kept = parts.asPath(AsPath.sequence(65000, 1));
        parts.sweep();
        assertSame(kept, parts.asPath(AsPath.sequence(65000, 1)), "used since the sweep before: still shared");
        parts.sweep();
        assertEquals(1, parts.size(), "only the part used between the two sweeps is held");
        parts.sweep();
        assertEquals(0, parts.size());
        AsPath fresh = AsPath.sequence(65000, 1);
        assertSame(fresh, parts.asPath(fresh), "a forgotten part is not handed out again");
    }

    private static PathAttributes decode(MessageDecoder d, String attrs) {
        return update(d.decodeMessage(updateMessage(attrs, "18 cb0071"))).attributes();
    }
}
