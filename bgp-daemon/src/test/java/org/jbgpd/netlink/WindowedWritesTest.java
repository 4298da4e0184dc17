package org.jbgpd.netlink;

import org.jbgpd.fib.FibBatch;
import org.jbgpd.wire.IpPrefix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.jbgpd.netlink.NetlinkFibTest.eventually;
import static org.jbgpd.netlink.NetlinkFibTest.hops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batches queued while fib-sync is busy are written as one window, IPv4 in address order
 * (ADR 0132), on a real kernel table: the order the kernel took them in (its route events), what
 * each batch's acknowledgement says, and that per prefix the last entry still wins.
 */
class WindowedWritesTest {
    private TestNamespace ns;
    private NetlinkFib fib;
    private final NetlinkFibTest.Recorder recorder = new NetlinkFibTest.Recorder();
    private long sequence;
    private Process monitor;

    @BeforeEach
    void setUp() throws Exception {
        ns = TestNamespace.withLinkD0();
        fib = NetlinkFib.startWithWindowsFrom(new NetlinkFib.Settings(KernelTable.defaults(), true, Duration.ofMinutes(10), ns.path()), 0);
        fib.connect(recorder);
    }

    @AfterEach
    void tearDown() {
        if (monitor != null) monitor.destroyForcibly();
        if (fib != null) fib.close();
        if (ns != null) ns.close();
    }

    private FibBatch.Builder batch() { return FibBatch.builder(++sequence); }

    private static IpPrefix p(String s) { return IpPrefix.parse(s); }

    /** Holds fib-sync in a task until the latch opens, so that what is submitted meanwhile queues up behind it. */
    private CountDownLatch holdFibSync() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1), held = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try {
                fib.inspect(() -> {
                    held.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        held.await();
        return release;
    }

    private void submitAll(List<FibBatch> batches) {
        for (FibBatch b : batches) fib.submit(b);
    }

    /** `ip monitor route` in the namespace, its lines in a queue; ready once it reported a route added for that purpose. */
    private BlockingQueue<String> monitorRoutes() throws Exception {
        monitor = new ProcessBuilder("ip", "-n", ns.name, "-o", "monitor", "route").redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(monitor.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) lines.add(line);
            } catch (java.io.IOException e) {
                // the process was stopped
            }
        });
        // A new probe route each try: the kernel reports no event for a replace that changes nothing, so one
        // route replaced again would never show if its first add came before the monitor had subscribed.
        for (int i = 0; ; i++) {
            ns.ip("route", "add", "198.18." + i + ".0/24", "dev", "d0");
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null && line.contains("198.18.")) break;
            if (i == 50) throw new AssertionError("ip monitor reported nothing");
        }
        lines.clear();
        return lines;
    }

    /** The prefixes of the next {@code count} route events that name a prefix of ours (proto bgp). */
    private static List<String> nextOfOurs(BlockingQueue<String> lines, int count) throws InterruptedException {
        List<String> out = new ArrayList<>();
        while (out.size() < count) {
            String line = lines.poll(20, TimeUnit.SECONDS);
            assertNotNull(line, "route events so far: " + out);
            if (!line.contains("proto bgp")) continue;
            String[] words = line.strip().split("\\s+");
            out.add(words[0].equals("Deleted") ? "-" + words[1] : words[0]);
        }
        return out;
    }

    @Test
    void batchesQueuedBehindABusyWriterGoToTheKernelAsOneWindowInAddressOrder() throws Exception {
        BlockingQueue<String> events = monitorRoutes();
        CountDownLatch release = holdFibSync();
        List<FibBatch> batches = List.of(
                batch().replace(p("10.20.3.0/24"), hops("192.0.2.2")).replace(p("172.16.0.0/24"), hops("192.0.2.2")).build(),
                batch().replace(p("2001:db8:100::/48"), hops("2001:db8:1::2")).replace(p("10.20.1.0/24"), hops("192.0.2.2")).build(),
                batch().replace(p("10.20.2.0/24"), hops("192.0.2.2")).replace(p("10.20.0.0/24"), hops("192.0.2.2")).build());
        submitAll(batches);
        release.countDown();
        assertEquals(List.of("10.20.0.0/24", "10.20.1.0/24", "10.20.2.0/24", "10.20.3.0/24", "172.16.0.0/24", "2001:db8:100::/48"),
                nextOfOurs(events, 6));
        for (FibBatch b : batches) {
            eventually("batch " + b.sequence() + " acknowledged", () -> recorder.applied.containsKey(b.sequence()));
            assertEquals(0, recorder.applied.get(b.sequence()));
        }
    }

    @Test
    void perPrefixTheLastEntryOfTheWindowWins() throws Exception {
        FibBatch first = batch().replace(p("10.20.5.0/24"), hops("192.0.2.2")).build();
        fib.submit(first);
        eventually("first batch applied", () -> recorder.applied.containsKey(first.sequence()));
        CountDownLatch release = holdFibSync();
        List<FibBatch> batches = List.of(
                batch().replace(p("10.20.1.0/24"), hops("192.0.2.2")).withdraw(p("10.20.5.0/24")).build(),
                batch().withdraw(p("10.20.1.0/24")).replace(p("10.20.3.0/24"), hops("192.0.2.2")).build(),
                batch().replace(p("10.20.3.0/24"), hops("192.0.2.3")).replace(p("10.20.5.0/24"), hops("192.0.2.5")).build());
        submitAll(batches);
        release.countDown();
        FibBatch last = batches.getLast();
        eventually("window applied", () -> recorder.applied.containsKey(last.sequence()));
        assertEquals(List.of("10.20.3.0/24 via 192.0.2.3 dev d0 proto bgp metric 20",
                "10.20.5.0/24 via 192.0.2.5 dev d0 proto bgp metric 20"), ns.routes("10.20.0.0/16"));
        assertEquals(2, fib.stats().wantedIpv4());
    }

    @Test
    void aRefusalIsReportedWithTheBatchThatAskedForTheRoute() throws Exception {
        // As in NetlinkFibTest's retry test: the kernel refuses a gateway reached through a global-scope device route.
        ns.link("d1", "203.0.113.1/24");
        ns.ip("route", "add", "198.51.100.0/24", "dev", "d1", "scope", "global", "proto", "static");
        CountDownLatch release = holdFibSync();
        List<FibBatch> batches = List.of(
                batch().replace(p("10.20.1.0/24"), hops("192.0.2.2")).build(),
                batch().replace(p("10.20.9.0/24"), hops("198.51.100.7")).replace(p("10.20.2.0/24"), hops("192.0.2.2")).build(),
                batch().replace(p("10.20.3.0/24"), hops("192.0.2.2")).build());
        submitAll(batches);
        release.countDown();
        for (FibBatch b : batches) eventually("batch " + b.sequence() + " acknowledged", () -> recorder.applied.containsKey(b.sequence()));
        assertEquals(List.of(0, 1, 0), batches.stream().map(b -> recorder.applied.get(b.sequence())).toList());
        assertEquals(3, ns.routes("10.20.0.0/16").size(), "the rest of the window landed");
    }

    @Test
    void aWindowEndsAtTheBatchThatEndsTheInitialSync() throws Exception {
        fib.close();
        // Routes of an earlier run: 10.20.1 is named before the initial sync ends, 10.20.2 only after it.
        for (String prefix : List.of("10.20.1.0/24", "10.20.2.0/24", "10.20.3.0/24")) {
            ns.ip("route", "add", prefix, "via", "192.0.2.2", "proto", "186", "metric", "20");
        }
        fib = NetlinkFib.startWithWindowsFrom(new NetlinkFib.Settings(KernelTable.defaults(), true, Duration.ofMinutes(10), ns.path()), 0);
        fib.connect(recorder);
        CountDownLatch release = holdFibSync();
        List<FibBatch> batches = List.of(
                batch().replace(p("10.20.1.0/24"), hops("192.0.2.3")).build(),
                batch().endsInitialSync(true).build(),
                batch().replace(p("10.20.2.0/24"), hops("192.0.2.3")).build());
        submitAll(batches);
        release.countDown();
        eventually("all applied", () -> recorder.applied.containsKey(batches.getLast().sequence()));
        // As batch by batch: 10.20.2 and 10.20.3 are stale when the sync ends; 10.20.2 comes back with the batch after.
        assertEquals(2, fib.staleRoutesRemoved());
        assertEquals(List.of("10.20.1.0/24 via 192.0.2.3 dev d0 proto bgp metric 20",
                "10.20.2.0/24 via 192.0.2.3 dev d0 proto bgp metric 20"), ns.routes("10.20.0.0/16"));
    }

    @Test
    void ecmpBothFamiliesAndNexthopObjectsInOneWindow() throws Exception {
        fib.close();
        fib = NetlinkFib.startWithWindowsFrom(new NetlinkFib.Settings(KernelTable.defaults(), true, Duration.ofMinutes(10), ns.path())
                .withNexthopObjects(true), 0);
        fib.connect(recorder);
        CountDownLatch release = holdFibSync();
        List<FibBatch> batches = List.of(
                batch().replace(p("10.20.3.0/24"), hops("192.0.2.2", "192.0.2.3")).replace(p("2001:db8:100::/48"), hops("2001:db8:1::2")).build(),
                batch().replace(p("10.20.1.0/24"), hops("192.0.2.2")).replace(p("2001:db8:101::/48"), hops("2001:db8:1::2", "2001:db8:1::3")).build());
        submitAll(batches);
        release.countDown();
        eventually("all applied", () -> recorder.applied.containsKey(batches.getLast().sequence()));
        List<String> v4 = ns.routes("10.20.0.0/16");
        assertEquals(2, v4.size(), v4.toString());
        assertEquals("10.20.1.0/24 via 192.0.2.2 dev d0 proto bgp metric 20", v4.getFirst());
        assertTrue(v4.getLast().contains("nexthop via 192.0.2.3"), v4.getLast());
        assertEquals(List.of("2001:db8:100::/48 via 2001:db8:1::2 dev d0 proto bgp metric 20 pref medium"), ns.routes("2001:db8:100::/48"));
        assertTrue(ns.routes("2001:db8:101::/48").getFirst().contains("2001:db8:1::3"), ns.routes("2001:db8:101::/48").toString());
        assertTrue(ns.routesWithNexthopIds("10.20.0.0/16").stream().allMatch(r -> r.contains(" nhid ")), "through objects");
        assertEquals(0, recorder.applied.get(batches.getFirst().sequence()));
    }
}
