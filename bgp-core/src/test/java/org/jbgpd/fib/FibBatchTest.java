package org.jbgpd.fib;

import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The packed batch gives back what was put in, IPv4 and IPv6 mixed in any order, also across a build. */
class FibBatchTest {

    private static final NextHopSet HOPS = NextHopSet.of(List.of(NextHop.of(IpAddress.parse("198.51.100.1"))));

    @Test
    void entriesComeBackAsAddedWhetherOrNotAnyHasLowAddressBits() {
        List<IpPrefix> prefixes = List.of(IpPrefix.parse("10.20.0.0/24"), IpPrefix.parse("203.0.113.0/24"),
                IpPrefix.parse("2001:db8::1:0:0:0/80"), IpPrefix.parse("2001:db8::/32"), IpPrefix.parse("10.20.1.0/24"));
        FibBatch.Builder b = FibBatch.builder(7, 2); // grows while adding
        for (int i = 0; i < prefixes.size(); i++) {
            if (i == 3) b.withdraw(prefixes.get(i));
            else b.replace(prefixes.get(i), HOPS);
        }
        FibBatch batch = b.build();
        assertEquals(5, batch.size());
        for (int i = 0; i < prefixes.size(); i++) assertEquals(prefixes.get(i), batch.prefix(i));
        assertTrue(batch.isWithdraw(3));
        assertEquals(HOPS, batch.nextHops(4));

        FibBatch v4only = FibBatch.builder(8).replace(prefixes.getFirst(), HOPS).build();
        assertEquals(0, v4only.addressLo(0));
        assertEquals(prefixes.getFirst(), v4only.prefix(0));
    }

    @Test
    void addingAfterBuildLeavesTheBuiltBatchAlone() {
        FibBatch.Builder b = FibBatch.builder(1, 4).replace(IpPrefix.parse("10.20.0.0/24"), HOPS);
        FibBatch first = b.build();
        b.replace(IpPrefix.parse("2001:db8:0:0:1::/80"), HOPS);
        FibBatch second = b.build();
        assertEquals(1, first.size());
        assertEquals(IpPrefix.parse("10.20.0.0/24"), first.prefix(0));
        assertEquals(IpPrefix.parse("2001:db8:0:0:1::/80"), second.prefix(1));
    }

    /**
     * A batch leaves out the family, 64-bit address and next-hop arrays while no entry needs them (ADR 0129): whatever
     * the order in which IPv4 and IPv6 entries, withdraws and replaces, addresses with the top bit set and builds come,
     * every built batch gives back exactly its entries, and later adds never change it.
     */
    @Test
    void randomMixesOfFamiliesWithdrawsAndBuildsComeBackExactly() {
        NextHopSet other = NextHopSet.of(List.of(NextHop.of(IpAddress.parse("2001:db8::1"))));
        Random random = new Random(129);
        for (int round = 0; round < 2000; round++) {
            FibBatch.Builder b = FibBatch.builder(round, 1 + random.nextInt(4));
            List<Object[]> model = new ArrayList<>();
            List<FibBatch> built = new ArrayList<>();
            List<List<Object[]>> expected = new ArrayList<>();
            int n = random.nextInt(40);
            // Mostly one kind for a while, then another: the arrays appear at any point of a batch.
            int v6After = random.nextInt(3) == 0 ? random.nextInt(n + 1) : Integer.MAX_VALUE;
            int replaceAfter = random.nextInt(3) == 0 ? random.nextInt(n + 1) : random.nextInt(2) == 0 ? 0 : Integer.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                boolean v6 = i >= v6After && random.nextBoolean();
                IpPrefix p = v6
                        ? IpPrefix.of(new IpAddress(org.jbgpd.wire.Family.IPV6_UNICAST, random.nextLong(), random.nextBoolean() ? 0 : random.nextLong()), random.nextInt(129))
                        : IpPrefix.of(new IpAddress(org.jbgpd.wire.Family.IPV4_UNICAST, random.nextLong() & 0xffff_ffffL, 0), 24 + random.nextInt(9));
                NextHopSet hops = i >= replaceAfter && random.nextBoolean() ? (random.nextBoolean() ? HOPS : other) : null;
                if (hops == null) b.withdraw(p);
                else b.replace(p, hops);
                model.add(new Object[] {p, hops});
                if (random.nextInt(10) == 0) {
                    built.add(b.build());
                    expected.add(List.copyOf(model));
                }
            }
            built.add(b.build());
            expected.add(List.copyOf(model));
            for (int k = 0; k < built.size(); k++) {
                FibBatch batch = built.get(k);
                List<Object[]> want = expected.get(k);
                assertEquals(want.size(), batch.size());
                for (int i = 0; i < want.size(); i++) {
                    IpPrefix p = (IpPrefix) want.get(i)[0];
                    assertEquals(p, batch.prefix(i));
                    assertEquals(p.family(), batch.family(i));
                    assertEquals(p.address().hi(), batch.addressHi(i));
                    assertEquals(p.address().lo(), batch.addressLo(i));
                    assertEquals(p.length(), batch.length(i));
                    assertSame(want.get(i)[1], batch.nextHops(i));
                    assertEquals(want.get(i)[1] == null, batch.isWithdraw(i));
                }
            }
        }
    }

    /**
     * A batch's arrays, given back by the consumer, carry the next batch of the pooled size (ADR 0139), and what the
     * next batch reads is its own entries only: the ones before a lazily made column (next hops, low address bits,
     * ids) read as that column's "none", not as what the array held for the batch before.
     */
    @Test
    void recycledArraysCarryTheNextBatchAndNothingOfThePreviousOne() {
        FibBatch.ArrayPool pool = new FibBatch.ArrayPool();
        int n = FibBatch.ArrayPool.CAPACITY;
        FibBatch.Builder a = FibBatch.builder(1, n, pool);
        for (int i = 0; i < 100; i++) a.replace(org.jbgpd.wire.Family.IPV6_UNICAST, 0x2001_0db8_0000_0000L + i, 7, 64, HOPS, i);
        FibBatch first = a.build();
        first.recycle();
        first.recycle(); // a second call gives nothing back twice
        int waiting = pool.waiting();
        assertEquals(6, waiting, "length, family, hi, lo, next hops, ids (v4 went back when hi was made)");

        FibBatch.Builder b = FibBatch.builder(2, n, pool);
        b.withdraw(org.jbgpd.wire.Family.IPV4_UNICAST, 0x0a14_0100L, 0, 24);
        b.withdraw(org.jbgpd.wire.Family.IPV6_UNICAST, 0x2001_0db8_0000_0001L, 0, 48);
        b.replace(org.jbgpd.wire.Family.IPV6_UNICAST, 0x2001_0db8_0000_0002L, 9, 64, HOPS, 42);
        FibBatch second = b.build();
        assertTrue(pool.waiting() < waiting, "the second batch took arrays from the pool");
        assertEquals(3, second.size());
        assertTrue(second.isWithdraw(0) && second.isWithdraw(1), "entries before the next-hop column are withdraws");
        assertEquals(0, second.addressLo(0));
        assertEquals(0, second.addressLo(1), "entries before the low-bits column have none");
        assertEquals(9, second.addressLo(2));
        assertEquals(List.of(-1, -1, 42), List.of(second.id(0), second.id(1), second.id(2)));
        assertEquals(IpPrefix.parse("10.20.1.0/24"), second.prefix(0));
        assertEquals(org.jbgpd.wire.Family.IPV6_UNICAST, second.family(1));
        assertSame(HOPS, second.nextHops(2));
    }

    @Test
    void aBuilderWithoutAPoolOrOfAnotherSizeGivesNothingBack() {
        FibBatch.ArrayPool pool = new FibBatch.ArrayPool();
        FibBatch small = FibBatch.builder(1, 100, pool).replace(IpPrefix.parse("10.20.1.0/24"), HOPS).build();
        small.recycle();
        FibBatch plain = FibBatch.builder(2).replace(IpPrefix.parse("10.20.2.0/24"), HOPS).build();
        plain.recycle();
        assertEquals(0, pool.waiting());
        FibBatch.Builder twice = FibBatch.builder(3, FibBatch.ArrayPool.CAPACITY, pool).replace(IpPrefix.parse("10.20.3.0/24"), HOPS);
        FibBatch one = twice.build(), other = twice.build();
        other.recycle();
        assertEquals(0, pool.waiting(), "a second build of one builder shares the first batch's arrays: it gives none back");
        one.recycle();
        assertEquals(3, pool.waiting(), "length, v4 and next hops");
    }
}
