package org.jbgpd.mrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BgpdumpCommunitiesTest {

    @Test
    void namesOnlyThreeWellKnownCommunities() {
        assertEquals("no-export no-advertise local-AS 65535:65284 65001:7",
                BgpdumpCommunities.text(new int[] {0xFFFFFF01, 0xFFFFFF02, 0xFFFFFF03, 0xFFFFFF04, 65001 << 16 | 7}));
        assertEquals("0:200 65535:0", BgpdumpCommunities.text(new int[] {200, 0xFFFF0000}));
        assertEquals("", BgpdumpCommunities.text(new int[0]));
    }

    @Test
    void cutsAtBgpdumpsBufferSize() {
        int[] many = new int[1000];
        java.util.Arrays.fill(many, 0xFFFEFFFE); // " 65534:65534" = 12 characters each
        String text = BgpdumpCommunities.text(many);
        assertTrue(text.length() <= 8190, "length " + text.length());
        assertTrue(text.length() > 8000, "length " + text.length());
    }
}
