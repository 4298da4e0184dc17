package org.jbgpd.bench.e2e;

import org.jbgpd.wire.IpPrefix;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What the harness reads from the kernel and from BIRD, and the prefixes it generates. */
class ParsingTest {
    @Test
    void countsOnlyTheMainTrieOfFibTrieStat() {
        String text = """
                Basic info: size of leaf: 48 bytes, size of tnode: 40 bytes.
                Main:
                \tAver depth:     1.66
                \tLeaves:         1003
                \tPrefixes:       1005
                Null ptrs: 2
                Total size: 1  kB
                Local:
                \tPrefixes:       1005
                """;
        assertEquals(1005, KernelCounter.parseTrieStat(text));
    }

    @Test
    void readsFibRtEntriesFromRt6Stats() {
        assertEquals(0xf4243, KernelCounter.parseRt6Stats("0005 0004 0000 f4243 0000 0000 0000\n"));
    }

    @Test
    void takesEstablishedFromBirdsProtocolTimestamp() {
        String up = """
                BIRD 2.0.12 ready.
                Name       Proto      Table      State  Since         Info
                peer       BGP        ---        up     2026-12-01 09:47:53.107  Established
                """;
        Instant expected = LocalDateTime.of(2026, 12, 1, 9, 47, 53, 107_000_000).atZone(ZoneId.systemDefault()).toInstant();
        assertEquals(expected, BirdFeeder.parseEstablished(up));
        assertNull(BirdFeeder.parseEstablished("peer       BGP        ---        start  2026-12-01 09:47:53.107  Connect\n"));
    }

    @Test
    void textAndPrefixNameTheSameRoute() {
        RouteSet v4 = new RouteSet(Scenario.UNIFORM_V4, 1_000_000);
        RouteSet v6 = new RouteSet(Scenario.UNIFORM_V6, 1_000_000);
        for (int i : new int[] {0, 1, 255, 256, 65_535, 65_536, 999_999}) {
            assertEquals(v4.prefix(i), IpPrefix.parse(v4.text(i)));
            assertEquals(v6.prefix(i), IpPrefix.parse(v6.text(i)));
        }
        assertEquals("10.0.1.0/24", v4.text(1));
        assertEquals("2001:db8:0:100::/56", v6.text(1));
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        Summary.Stat s = Summary.Stat.of(new double[] {4, 1, Double.NaN, 3, 2});
        assertEquals(2.5, s.median());
        assertEquals(1, s.min());
        assertEquals(4, s.max());
    }

    @Test
    void everyAttributeSetHasAPath() {
        AttributePool pool = AttributePool.load();
        assertEquals(true, pool.pathCount() > 5_000, "paths: " + pool.pathCount());
        assertEquals(true, pool.communitySetCount() > 1_000, "community sets: " + pool.communitySetCount());
        for (int s = 0; s < 100_000; s += 997) assertEquals(true, pool.path(pool.pathIndex(s)).length > 0);
    }
}
