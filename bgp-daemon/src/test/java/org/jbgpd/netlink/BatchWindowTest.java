package org.jbgpd.netlink;

import org.jbgpd.fib.FibBatch;
import org.jbgpd.fib.NextHop;
import org.jbgpd.fib.NextHopSet;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The order fib-sync writes a window's entries in (ADR 0132). */
class BatchWindowTest {
    private static final NextHopSet HOPS = NextHopSet.of(NextHop.of(IpAddress.parse("192.0.2.2")));
    private long sequence;

    private FibBatch batch(String... entries) {
        FibBatch.Builder b = FibBatch.builder(++sequence);
        for (String e : entries) {
            if (e.startsWith("-")) b.withdraw(IpPrefix.parse(e.substring(1)));
            else b.replace(IpPrefix.parse(e), HOPS);
        }
        return b.build();
    }

    /** The window's entries as pass 2 writes them: "10.0.0.0/24" for a replace, "-10.0.0.0/24" for a withdraw. */
    private static List<String> written(BatchWindow w) {
        List<String> out = new ArrayList<>();
        int v4 = w.sortIpv4();
        for (int j = 0; j < v4; j++) {
            long key = w.key(j);
            int k = BatchWindow.index(key);
            String entry = entry(w, k);
            IpPrefix fromKey = IpPrefix.of(IpAddress.ofV4((int) BatchWindow.address(key)), BatchWindow.length(key));
            assertEquals(entry.replace("-", ""), fromKey.toString(), "the key holds the entry's prefix");
            out.add(entry);
        }
        for (int b = 0; b < w.batchCount(); b++) {
            for (int i = 0; i < w.batch(b).size(); i++) {
                if (w.batch(b).family(i) != Family.IPV4_UNICAST) out.add(entry(w, w.start(b) + i));
            }
        }
        return out;
    }

    /** Window entry {@code k}, found the slow way. */
    private static String entry(BatchWindow w, int k) {
        int b = w.batchCount() - 1;
        while (w.start(b) > k || w.batch(b).size() == 0) b--;
        FibBatch batch = w.batch(b);
        int i = k - w.start(b);
        return (batch.isWithdraw(i) ? "-" : "") + batch.prefix(i);
    }

    @Test
    void ipv4GoesOutInAddressOrderAcrossTheWindowsBatchesThenTheRestAsItCame() {
        BatchWindow w = new BatchWindow();
        w.add(batch("10.3.0.0/24", "2001:db8:2::/48", "200.1.0.0/16", "10.1.0.0/24"));
        w.add(batch("2001:db8:1::/48", "10.2.0.0/24", "10.2.0.0/16"));
        w.add(batch("9.0.0.0/8", "-10.0.0.0/24"));
        assertEquals(List.of("9.0.0.0/8", "-10.0.0.0/24", "10.1.0.0/24", "10.2.0.0/16", "10.2.0.0/24", "10.3.0.0/24",
                        "200.1.0.0/16", // above 128.0.0.0: unsigned order
                        "2001:db8:2::/48", "2001:db8:1::/48"),
                written(w));
    }

    @Test
    void entriesOnOnePrefixKeepTheirWindowOrder() {
        BatchWindow w = new BatchWindow();
        w.add(batch("10.5.0.0/24", "-10.4.0.0/24", "10.4.0.0/24"));
        w.add(batch("-10.5.0.0/24", "10.1.0.0/24"));
        w.add(batch("10.5.0.0/24", "-10.4.0.0/24"));
        assertEquals(List.of("10.1.0.0/24", "-10.4.0.0/24", "10.4.0.0/24", "-10.4.0.0/24",
                "10.5.0.0/24", "-10.5.0.0/24", "10.5.0.0/24"), written(w));
    }

    @Test
    void emptyBatchesAndAReusedWindow() {
        BatchWindow w = new BatchWindow();
        w.add(batch("10.2.0.0/24", "10.1.0.0/24"));
        w.add(batch());
        w.add(batch("10.3.0.0/24"));
        w.add(batch());
        assertEquals(3, w.size());
        assertEquals(List.of(0, 2, 2, 3), List.of(w.start(0), w.start(1), w.start(2), w.start(3)));
        assertEquals(List.of("10.1.0.0/24", "10.2.0.0/24", "10.3.0.0/24"), written(w));
        w.clear();
        w.add(batch("10.9.0.0/24"));
        assertEquals(List.of("10.9.0.0/24"), written(w));
    }

    @Test
    void aLargeWindowOfMixedLengthsMatchesAStableSortByAddressThenLength() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(8);
        BatchWindow w = new BatchWindow();
        List<long[]> expected = new ArrayList<>(); // {address, length, window index}
        int index = 0;
        for (int b = 0; b < 5; b++) {
            FibBatch.Builder builder = FibBatch.builder(++sequence);
            for (int i = 0; i < 3000; i++) {
                int length = random.nextInt(8, 33);
                // few distinct values, so that prefixes repeat; high addresses too (unsigned order)
                int address = (random.nextInt(64) << 26 | random.nextInt(4) << 12) & (int) (0xffff_ffffL << (32 - length));
                IpPrefix p = IpPrefix.of(IpAddress.ofV4(address), length);
                if (random.nextBoolean()) builder.withdraw(p);
                else builder.replace(p, HOPS);
                expected.add(new long[] {address & 0xffff_ffffL, length, index++});
            }
            w.add(builder.build());
        }
        expected.sort(java.util.Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1])); // List.sort is stable
        assertEquals(expected.size(), w.sortIpv4());
        for (int j = 0; j < expected.size(); j++) assertEquals(expected.get(j)[2], BatchWindow.index(w.key(j)), "position " + j);
    }
}
