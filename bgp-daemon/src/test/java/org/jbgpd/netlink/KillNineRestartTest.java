package org.jbgpd.netlink;

import org.jbgpd.fib.FibBatch;
import org.jbgpd.fib.FibListener;
import org.jbgpd.fib.NextHop;
import org.jbgpd.fib.NextHopSet;
import org.jbgpd.fib.NextHopState;
import org.jbgpd.testsupport.Privileges;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The restart promise: a jbgpd killed with SIGKILL leaves its 100k routes in the kernel; the next
 * one takes them over without the table ever shrinking (sampled continuously), and removes only
 * the routes no longer announced, once the initial sync is over.
 */
class KillNineRestartTest {
    static final int ROUTES = 100_000;
    static final int STILL_ANNOUNCED = 90_000;

    /** The i-th /28 of 10.20.0.0/16 is not enough for 100k, so: the i-th /28 of 10.0.0.0/8. Namespace only. */
    static long prefixBits(int i) {
        return (0x0a00_0000L | ((long) i << 4)) & 0xffff_ffffL;
    }

    @Test
    void routesSurviveKillNineAndTheNextRunRemovesOnlyLeftovers() throws Exception {
        Privileges.requireRoot();
        Privileges.requireProgram("ip", "apt-get install iproute2");
        try (TestNamespace ns = TestNamespace.create()) {
            ns.link("d0", "192.0.2.1/24");
            String java = ProcessHandle.current().info().command().orElse("java");
            Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    FibChild.class.getName(), ns.path().toString(), Integer.toString(ROUTES))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = out.readLine()) != null && !line.equals("READY")) {
                    if (line.startsWith("FAILED")) fail("the first run could not install: " + line);
                }
                if (line == null) fail("the first run ended before installing its routes");
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
                child.waitFor(30, TimeUnit.SECONDS);
            }

            try (NetlinkSocket sampleSocket = NetlinkSocket.openRoute(ns.path());
                 RouteDump sampler = new RouteDump(sampleSocket)) {
                assertEquals(ROUTES, sampler.countOurs(KernelTable.defaults()), "the routes outlive the killed process");

                AtomicInteger minimum = new AtomicInteger(Integer.MAX_VALUE);
                AtomicInteger samples = new AtomicInteger();
                AtomicBoolean sampling = new AtomicBoolean(true);
                Thread t = Thread.ofPlatform().start(() -> {
                    try {
                        while (sampling.get()) {
                            minimum.accumulateAndGet(sampler.countOurs(KernelTable.defaults()), Math::min);
                            samples.incrementAndGet();
                            Thread.sleep(50);
                        }
                    } catch (Exception e) {
                        minimum.set(-1);
                    }
                });

                ConcurrentHashMap<Long, Integer> applied = new ConcurrentHashMap<>();
                try (NetlinkFib fib = NetlinkFib.start(new NetlinkFib.Settings(KernelTable.defaults(), true, Duration.ofSeconds(5), ns.path()))) {
                    fib.connect(new FibListener() {
                        @Override public void applied(long sequence, int failedRoutes) { applied.put(sequence, failedRoutes); }

                        @Override public void nextHopsChanged(List<NextHopState> states) { }
                    });
                    // Sessions come up and announce 90% of the routes, in several batches, one of them with another next hop.
                    NextHopSet same = NextHopSet.of(NextHop.of(IpAddress.parse("192.0.2.2")));
                    NextHopSet moved = NextHopSet.of(NextHop.of(IpAddress.parse("192.0.2.3")));
                    long seq = 0;
                    for (int from = 0; from < STILL_ANNOUNCED; from += 10_000) {
                        FibBatch.Builder b = FibBatch.builder(++seq);
                        for (int i = from; i < from + 10_000; i++) b.replace(Family.IPV4_UNICAST, prefixBits(i), 0, 28, from == 0 ? moved : same);
                        fib.submit(b.build());
                    }
                    long last = seq;
                    waitFor(() -> applied.containsKey(last));
                    int beforeEndOfRib = minimum.get();
                    fib.submit(FibBatch.builder(++seq).endsInitialSync(true).build());
                    long end = seq;
                    waitFor(() -> applied.containsKey(end));
                    sampling.set(false);
                    t.join();

                    assertTrue(samples.get() > 1, "the table was sampled during the restart");
                    assertEquals(ROUTES, beforeEndOfRib, "the table never shrank before End-of-RIB");
                    assertTrue(applied.values().stream().allMatch(f -> f == 0), applied.toString());
                    List<KernelRoute> after = sampler.ours(KernelTable.defaults());
                    assertEquals(STILL_ANNOUNCED, after.size(), "leftovers removed after the initial sync");
                    assertEquals(10_000, after.stream().filter(r -> r.nextHops().getFirst().gateway().equals(IpAddress.parse("192.0.2.3"))).count());
                    assertEquals(ROUTES - STILL_ANNOUNCED, fib.staleRoutesRemoved());
                }
            }
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("timed out");
            Thread.sleep(20);
        }
    }
}
