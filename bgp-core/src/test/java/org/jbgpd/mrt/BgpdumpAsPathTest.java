package org.jbgpd.mrt;

import static org.jbgpd.mrt.BgpdumpAsPath.AS_CONFED_SEQUENCE;
import static org.jbgpd.mrt.BgpdumpAsPath.AS_CONFED_SET;
import static org.jbgpd.mrt.BgpdumpAsPath.AS_SEQUENCE;
import static org.jbgpd.mrt.BgpdumpAsPath.AS_SET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jbgpd.mrt.BgpdumpAsPath.Segment;
import org.junit.jupiter.api.Test;

class BgpdumpAsPathTest {

    private static Segment seg(int type, long... asns) {
        return new Segment(type, asns);
    }

    @Test
    void writesEachSegmentTypeWithItsBrackets() {
        assertEquals("65001 65002 65003 {65010,65011}",
                BgpdumpAsPath.text(List.of(seg(AS_SEQUENCE, 65001, 65002), seg(AS_SEQUENCE, 65003), seg(AS_SET, 65010, 65011))));
        assertEquals("(64512 64513) [64514,64515] 4200000000 65030",
                BgpdumpAsPath.text(List.of(seg(AS_CONFED_SEQUENCE, 64512, 64513), seg(AS_CONFED_SET, 64514, 64515),
                        seg(AS_SEQUENCE, 4200000000L, 65030))));
        assertEquals("{1,2} 3", BgpdumpAsPath.text(List.of(seg(AS_SET, 1, 2), seg(AS_SEQUENCE, 3))));
        assertEquals("", BgpdumpAsPath.text(List.of()));
    }

    @Test
    void unknownSegmentTypeIsAnError() {
        assertEquals("! Error !", BgpdumpAsPath.text(List.of(seg(AS_SEQUENCE, 1), seg(9, 2))));
    }

    @Test
    void veryLongPathsAreCutWithAnEllipsis() {
        long[] asns = new long[2000];
        java.util.Arrays.fill(asns, 4200000000L);
        String text = BgpdumpAsPath.text(List.of(seg(AS_SEQUENCE, asns)));
        assertTrue(text.endsWith("4200000000..."), text.substring(text.length() - 20));
        assertTrue(text.length() > 7900 && text.length() < 7920, "length " + text.length());
    }
}
