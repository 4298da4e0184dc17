package org.jbgpd.netlink;

import org.jbgpd.fib.FibBatch;
import org.jbgpd.fib.FibListener;
import org.jbgpd.fib.NextHop;
import org.jbgpd.fib.NextHopSet;
import org.jbgpd.fib.NextHopState;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A stand-in for a running jbgpd, for the kill -9 test: installs N routes through NetlinkFib in
 * a namespace, prints READY, and waits to be killed. Run as a separate JVM by the test.
 */
public final class FibChild {
    private FibChild() {}

    public static void main(String[] args) throws Exception {
        Path netns = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        CountDownLatch applied = new CountDownLatch(1);
        NetlinkFib fib = NetlinkFib.start(new NetlinkFib.Settings(KernelTable.defaults(), true, Duration.ofSeconds(5), netns));
        fib.connect(new FibListener() {
            @Override public void applied(long sequence, int failedRoutes) {
                if (failedRoutes != 0) System.out.println("FAILED " + failedRoutes);
                applied.countDown();
            }

            @Override public void nextHopsChanged(List<NextHopState> states) { }
        });
        NextHopSet hops = NextHopSet.of(NextHop.of(IpAddress.parse("192.0.2.2")));
        FibBatch.Builder b = FibBatch.builder(1);
        for (int i = 0; i < count; i++) b.replace(Family.IPV4_UNICAST, KillNineRestartTest.prefixBits(i), 0, 28, hops);
        fib.submit(b.endsInitialSync(true).build());
        applied.await();
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
