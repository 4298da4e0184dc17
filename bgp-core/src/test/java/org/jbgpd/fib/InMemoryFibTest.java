package org.jbgpd.fib;

import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class InMemoryFibTest {

    private static NextHop nh(String a) { return NextHop.of(IpAddress.parse(a)); }

    @Test
    void nextHopSetsAreSortedAndCollapseDuplicates() {
        NextHopSet s = NextHopSet.of(nh("198.51.100.3"), nh("198.51.100.1"), nh("198.51.100.3"));
        assertEquals(List.of(nh("198.51.100.1"), nh("198.51.100.3")), s.asList());
        assertEquals(NextHopSet.of(nh("198.51.100.1"), nh("198.51.100.3")), s);
        assertTrue(s.isMultipath());
        assertNotEquals(NextHopSet.of(nh("fe80::1")), NextHopSet.of(new NextHop(IpAddress.parse("fe80::1"), "eth0")));
        assertThrows(IllegalArgumentException.class, NextHopSet::of);
    }

    @Test
    void appliesBatchesInOrderAndReportsThem() {
        InMemoryFib fib = new InMemoryFib();
        List<Long> applied = new ArrayList<>();
        fib.connect(new FibListener() {
            public void applied(long sequence, int failedRoutes) { applied.add(sequence); }
            public void nextHopsChanged(List<NextHopState> states) { }
        });
        IpPrefix p = IpPrefix.parse("10.20.1.0/26");
        IpPrefix q = IpPrefix.parse("2001:db8:1::/64");
        NextHopSet a = NextHopSet.of(nh("198.51.100.1"));
        NextHopSet b = NextHopSet.of(nh("2001:db8::1"), nh("2001:db8::2"));
        FibBatch first = FibBatch.builder(1).replace(p, a).replace(q, b).build();
        fib.submit(first);
        assertEquals(2, first.size());
        assertEquals(q, first.prefix(1));
        assertEquals(a, fib.route(p));
        assertEquals(b, fib.route(q));
        fib.submit(FibBatch.builder(2).withdraw(p).endsInitialSync(true).build());
        assertNull(fib.route(p));
        assertEquals(List.of(1L, 2L), applied);
        assertEquals(3, fib.operations());
        assertTrue(fib.initialSyncEnded());
    }

    @Test
    void builderGrowsPastItsFirstArrays() {
        FibBatch.Builder b = FibBatch.builder(7);
        for (int i = 0; i < 1000; i++) b.withdraw(IpPrefix.of(IpAddress.ofV4(0x0a000000 + (i << 8)), 24));
        FibBatch batch = b.build();
        assertEquals(1000, batch.size());
        assertEquals("10.3.231.0/24", batch.prefix(999).toString());
        assertTrue(batch.isWithdraw(999));
    }

    @Test
    void watchedNextHopsAreAnsweredAndFollowed() {
        InMemoryFib fib = new InMemoryFib();
        List<NextHopState> heard = new ArrayList<>();
        fib.connect(new FibListener() {
            public void applied(long sequence, int failedRoutes) { }
            public void nextHopsChanged(List<NextHopState> states) { heard.addAll(states); }
        });
        IpAddress gw = IpAddress.parse("198.51.100.7");
        fib.setNextHop(NextHopState.unreachable(gw)); // not watched yet: nobody hears
        assertTrue(heard.isEmpty());
        fib.watch(gw);
        assertEquals(List.of(NextHopState.unreachable(gw)), heard);
        fib.setNextHop(NextHopState.reachable(gw, 10));
        assertEquals(NextHopState.reachable(gw, 10), heard.get(1));
        fib.unwatch(gw);
        fib.setNextHop(NextHopState.unreachable(gw));
        assertEquals(2, heard.size());
        IpAddress other = IpAddress.parse("198.51.100.8");
        fib.watch(other);
        assertEquals(NextHopState.reachable(other, 0), heard.get(2), "unknown next hops are reachable at cost 0");
    }
}
