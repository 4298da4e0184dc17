package org.jbgpd.bench.e2e;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Measures one receiver once: start it, wait until it listens on port 179 (its start-up time),
 * enable the feeder,
 * take Established from the feeder, poll the route count until all N are there (waking the
 * feeder now and then), disable the feeder, poll until none are left, read /proc, stop it.
 * Every way this can fail ends in an "unavailable" measurement that says what happened.
 */
final class ReceiverRun {
    /** The harness thread's own CPU per count read (the trie walk is system time of this thread). */
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final long WAKE_MILLIS = 250;
    private static final long IDLE_WAIT_SECONDS = 30;
    /** How often the slab estimate is read while the exact count is far (one read costs ~0.03 ms). */
    private static final long HINT_POLL_MILLIS = 10;
    /** Exact reads resume this close to the target: a hundredth of the routes, at least 2,000. */
    private static final long HINT_MARGIN_DIVISOR = 100;
    private static final long HINT_MIN_MARGIN = 2_000;
    /** At most this long without an exact read, whatever the estimate says: bounds the cost of an estimate that is wrong. */
    private static final long HINT_MAX_SKIP_NANOS = 2_000_000_000L;

    private final Topology topology;
    private final BirdFeeder feeder;
    private final RouteSet routes;
    private final Path dir;
    private final PrintSink out;
    /** Read and wake as before ADR 0096, to measure what that cost the receiver. */
    private final boolean legacyPolling;
    /** Date IPv4 installs by the exact read that saw N (ADR 0098 before its plateau addendum), to compare. */
    private final boolean exactIpv4Finish;
    private long lastCount;
    /** When the last {@link #awaitCount} dated the finish before it returned (slab plateau), or null: then it is the return. */
    private Instant lastFinish;
    /** The log line that says how {@link #awaitIpv4Install} dated its finish, or null. */
    private String lastDating;
    /** What the last {@link #awaitCount} cost the harness and how precise its finish is. */
    private Polling lastPolling;
    /** The moments of the last successful {@link #measure}, for a profile that covers the same windows. */
    private Phases lastPhases;

    /** When the last run's session came up, all N were in, the feeder was disabled, and none was left. */
    record Phases(Instant established, Instant firstRoute, Instant installed, Instant disabled, Instant withdrawn) {}

    ReceiverRun(Topology topology, BirdFeeder feeder, RouteSet routes, Path dir, PrintSink out, boolean legacyPolling, boolean exactIpv4Finish) {
        this.legacyPolling = legacyPolling;
        this.exactIpv4Finish = exactIpv4Finish;
        this.topology = topology;
        this.feeder = feeder;
        this.routes = routes;
        this.dir = dir;
        this.out = out;
    }

    Measurement measure(BgpReceiver receiver, int run) {
        return measure(receiver, run, "run " + run);
    }

    /** The phases of the last run that produced figures, or null. */
    Phases lastPhases() {
        return lastPhases;
    }

    /** {@code label} names the run in the progress lines ("run 2", or that it is the profiled extra run). */
    Measurement measure(BgpReceiver receiver, int run, String label) {
        lastPhases = null;
        String id = receiver.id();
        String missing = receiver.missing();
        if (missing != null) return Measurement.unavailable(id, routes.scenario, routes.size, run, missing);
        topology.flushReceiverRoutes();
        Path runDir = RunDirectory.create(dir, id + "-" + routes.scenario.id + "-" + routes.size + "-" + label.replace(" ", ""));
        RouteCounter kernel = new KernelCounter(topology.receiverProcNet(), routes.scenario.v6);
        Instant launched = Instant.now();
        try (RunningReceiver rx = receiver.start(topology, routes.scenario, runDir)) {
            RouteCounter counter = rx.ribCounter != null ? rx.ribCounter : kernel;
            String notReady = awaitListening(rx, 60);
            if (notReady != null) return fail(id, run, notReady);
            double startup = seconds(launched, Instant.now());
            long baseline = rx.ribCounter != null ? 0 : kernel.count();
            long target = baseline + routes.size;
            double cpuBefore = ProcStats.of(rx.processes).cpuSeconds();
            double feederCpuBefore = feeder.cpuSeconds();

            // The ramp (Established -> first route in the kernel); not for GoBGP, which counts its RIB and never installs.
            FirstRoute first = rx.ribCounter == null ? new FirstRoute(kernel, baseline) : null;
            feeder.enable();
            Instant established = null;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (established == null) {
                if (System.nanoTime() > deadline) return fail(id, run, "no session within 60 s (feeder: " + feeder.sessionInfo() + "; receiver log: " + Logs.tail(rx.log, 2) + ")");
                String dead = rx.deadReason();
                if (dead != null) return fail(id, run, dead);
                established = feeder.established();
                if (established == null) {
                    if (first != null) first.watch(50);
                    else Sleep.millis(50);
                }
            }
            long establishedRss = ProcStats.of(rx.processes).rssBytes();
            // From here the install clock runs: the per-thread profile covers the same window.
            ThreadCpu threadsBefore = receiver.threadProfile() ? ThreadCpu.snapshot(rx.processes) : null;
            // Up to 20 s for the first route; a receiver slower than that is left to the no-progress rule below.
            if (first != null) first.await(rx, 20);
            double ramp = first == null ? Double.NaN : first.rampSeconds(established);

            // Generous: a stuck receiver is caught by the 60 s no-progress rule (count and CPU still, ADR 0111) long before this (GoBGP took
            // 257 s for 1M IPv6 routes at load 10); this only ends one that crawls.
            // 1 s per 1,000 routes (ADR 0111): GoBGP's diverse 1M install passed 560 s (1 s per 2,000) at load 12 while
            // still counting; a receiver that stops working is ended by the no-progress rule after 60 s anyway.
            long timeoutNanos = (60L + routes.size / 1_000) * 1_000_000_000L;
            lastPolling = null;
            String stuck = awaitCount(rx, counter, target, false, timeoutNanos, true);
            Polling installPolling = lastPolling;
            String installDating = lastDating;
            if (stuck != null) return fail(id, run, "installing: " + stuck + " of " + routes.size + " routes");
            // The IPv4 slab plateau dates the finish before the read that confirmed it (ADR 0098); every other count at its return.
            Instant installed = lastFinish != null ? lastFinish : Instant.now();
            // The null receiver times its last UPDATE itself: more precise than the read that saw the count (ADR 0111).
            RunningReceiver.SelfTimed self = rx.selfTimed == null ? null : rx.selfTimed.get();
            Instant lastRoute = self == null ? installed : self.lastRoute();
            // Read at once: where the receiver's CPU went while the routes went in (the profile issue 8 asks for).
            ThreadCpu threadsInstalled = threadsBefore == null ? null : ThreadCpu.snapshot(rx.processes);
            // Outside the timed window: does the receiver install the way its row says (jbgpd-nh: through nexthop objects)?
            String wrong = receiver.checkInstalled(topology, routes, out);
            if (wrong != null) return fail(id, run, wrong);
            // Withdrawn = N fewer than when all were in: a daemon may add a route of its own
            // meanwhile (FRR's zebra does in IPv6), which must not hold the clock open.
            long withdrawnAt = lastCount - routes.size;

            double settled = awaitIdle(rx);
            ThreadCpu threadsDisabled = threadsBefore == null ? null : ThreadCpu.snapshot(rx.processes);
            Instant disabled = Instant.now();
            feeder.disable();
            lastPolling = null;
            stuck = awaitCount(rx, counter, withdrawnAt, true, timeoutNanos, false);
            Polling withdrawPolling = lastPolling;
            if (stuck != null) return fail(id, run, "withdrawing: " + stuck + " routes left");
            Instant withdrawn = Instant.now();
            ThreadCpu threadsWithdrawn = threadsBefore == null ? null : ThreadCpu.snapshot(rx.processes);

            ProcStats.Sample after = ProcStats.of(rx.processes);
            double feederCpu = feeder.cpuSeconds() - feederCpuBefore;
            // After the CPU and RSS reads: what the withdraw left behind (jbgpd-nh: its nexthop objects).
            String left = receiver.checkWithdrawn(topology, routes, out);
            if (left != null) return fail(id, run, left);
            double install = seconds(established, lastRoute);
            double withdraw = seconds(disabled, withdrawn);
            out.line(String.format(java.util.Locale.ROOT, "  %-6s %s n=%d %s: install %.2f s (first route after %s), idle after %.1f s, withdraw %.2f s, peak RSS %.1f MiB, CPU %.2f s (feeder %.2f s)",
                    id, routes.scenario.id, routes.size, label, install, Double.isNaN(ramp) ? "n/a" : String.format(java.util.Locale.ROOT, "%.0f ms", ramp * 1000),
                    settled, withdraw, after.peakRssBytes() / 1048576.0, after.cpuSeconds() - cpuBefore, feederCpu));
            if (self != null) {
                out.line(String.format(java.util.Locale.ROOT, "         %s timed itself: last announcement %.3f s after Established, End-of-RIB %s; %s",
                        id, install, self.endOfRib() == null ? "none" : String.format(java.util.Locale.ROOT, "%.3f s", seconds(established, self.endOfRib())), self.detail()));
            }
            lastPhases = new Phases(established, first == null ? null : first.seen(), installed, disabled, withdrawn);
            out.line(String.format("         harness: install %s | withdraw %s", describe(installPolling), describe(withdrawPolling)));
            if (installDating != null) out.line(installDating);
            return new Measurement(id, routes.scenario, routes.size, run, install, withdraw,
                    after.peakRssBytes(), establishedRss, after.cpuSeconds() - cpuBefore, feederCpu, startup, null,
                    threadsBefore == null ? null : threadsInstalled.since(threadsBefore),
                    threadsBefore == null ? null : threadsWithdrawn.since(threadsDisabled), installPolling, withdrawPolling, ramp);
        } finally {
            feeder.disableQuietly();
            topology.flushReceiverRoutes();
        }
    }

    private Measurement fail(String id, int run, String why) {
        out.line("  " + id + " " + routes.scenario.id + " n=" + routes.size + " run " + run + ": not available: " + why);
        return Measurement.unavailable(id, routes.scenario, routes.size, run, why);
    }

    private String awaitListening(RunningReceiver rx, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            String dead = rx.deadReason();
            if (dead != null) return dead;
            if (ProcStats.listening(topology.receiverProcNet(), 179)) return null;
            Sleep.millis(20);
        }
        return "not listening on port 179 after " + seconds + " s: " + Logs.tail(rx.log, 2);
    }

    /**
     * Waits until the receiver's processes used less than {@link IdleRule#QUIET_CPU_SECONDS} of CPU in
     * one second, in two seconds in a row above 100,000 routes ({@link IdleRule}; at most
     * {@link #IDLE_WAIT_SECONDS} s), and returns how long that took. A
     * daemon may start housekeeping once the table is in (jbgpd compares its routes with a dump
     * of the kernel table, zebra and BIRD walk theirs); a withdraw that lands in the middle of it
     * would be charged that work, so every receiver gets the same chance to settle first.
     */
    private double awaitIdle(RunningReceiver rx) {
        long start = System.nanoTime();
        long deadline = start + IDLE_WAIT_SECONDS * 1_000_000_000L;
        double before = ProcStats.of(rx.processes).cpuSeconds();
        IdleRule rule = IdleRule.forSize(routes.size);
        while (System.nanoTime() < deadline) {
            Sleep.millis(1000);
            double now = ProcStats.of(rx.processes).cpuSeconds();
            if (rule.idleAfter(now - before)) break;
            before = now;
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Polls until the count reaches {@code target} (from above when {@code down}); returns null, or
     * the count and time when it gave up. The reads follow {@link PollSchedule}: rarely while the
     * count is far from the target, every max(20 ms, one read) near it. What the polling cost and how
     * precise the finish is end up in {@link #lastPolling}.
     */
    private String awaitCount(RunningReceiver rx, RouteCounter counter, long target, boolean down, long timeoutNanos, boolean wake) {
        lastFinish = null;
        lastDating = null;
        if (!down && !legacyPolling && !exactIpv4Finish && counter instanceof KernelCounter k && !k.v6()) {
            return awaitIpv4Install(rx, counter, target, timeoutNanos, wake);
        }
        double cpuStart = Polling.harnessCpuNow();
        long start = System.nanoTime();
        long nextWake = start + WAKE_MILLIS * 1_000_000L;
        PollSchedule schedule = legacyPolling ? PollSchedule.legacy(counter.minPollMillis()) : new PollSchedule(target, counter.minPollMillis());
        long last;
        // Progress = the count moving or the receiver's CPU moving (ADR 0111); made at the first exact read.
        StallRule stall = null;
        ReceiverCpu receiverCpu = new ReceiverCpu(rx);
        long previousRead = Long.MIN_VALUE;
        int reads = 0;
        int wakes = 0;
        int skipped = 0;
        // An install into the IPv4 trie reads its exact count only when the slab estimate says the
        // target is near (or a second has passed): the trie walk is the harness's main cost (ADR 0098).
        SlabProgress progress = !down && !legacyPolling && counter instanceof KernelCounter k && !k.v6() ? SlabProgress.ipv4() : null;
        long startCount = Long.MIN_VALUE;
        try {
            while (true) {
                if (progress != null && startCount != Long.MIN_VALUE) {
                    long objects = progress.objects();
                    long estimate = progress.estimate(objects);
                    long margin = Math.max(HINT_MIN_MARGIN, Math.abs(target - startCount) / HINT_MARGIN_DIVISOR);
                    long sinceExact = System.nanoTime() - previousRead;
                    if (estimate >= 0 && estimate < target - margin && sinceExact < HINT_MAX_SKIP_NANOS) {
                        skipped++;
                        long t = System.nanoTime();
                        String stalled = stall.observe(t, estimate, receiverCpu.read(t));
                        if (wake && t >= nextWake) {
                            feeder.wake();
                            wakes++;
                            nextWake = System.nanoTime() + WAKE_MILLIS * 1_000_000L;
                        }
                        if (stalled != null) {
                            return stalled + ", estimated " + estimate + " (ip_fib_alias objects; receiver log: " + Logs.tail(rx.log, 2) + ")";
                        }
                        String dead = rx.deadReason();
                        if (dead != null) return dead + "; estimated count was " + estimate;
                        Sleep.millis(HINT_POLL_MILLIS);
                        continue;
                    }
                }
                long objectsBefore = progress != null ? progress.objects() : -1;
                long readStart = System.nanoTime();
                long cpuBefore = THREADS.getCurrentThreadCpuTime();
                last = counter.count();
                if (progress != null) {
                    progress.exact(last, objectsBefore);
                    if (startCount == Long.MIN_VALUE) startCount = last;
                }
                long readCpuNanos = THREADS.getCurrentThreadCpuTime() - cpuBefore;
                long readNanos = System.nanoTime() - readStart;
                reads++;
                lastCount = last;
                if (down ? last <= target : last >= target) {
                    double gap = previousRead == Long.MIN_VALUE ? 0 : (readStart - previousRead) / 1e6;
                    lastPolling = new Polling(Polling.harnessCpuNow() - cpuStart, reads, readNanos / 1e6, gap, wakes, skipped);
                    return null;
                }
                previousRead = readStart;
                long now = System.nanoTime();
                if (stall == null) stall = new StallRule(now, last, receiverCpu.read(now));
                if (now - start > timeoutNanos) return "gave up after " + (timeoutNanos / 1_000_000_000L) + " s with " + last + " (" + counter.describe() + ")";
                String stalled = stall.observe(now, last, receiverCpu.read(now));
                if (stalled != null) {
                    return stalled + ", stuck at " + last + " (" + counter.describe() + "; receiver log: " + Logs.tail(rx.log, 2) + ")";
                }
                String dead = rx.deadReason();
                if (dead != null) return dead + "; count was " + last;
                // The gap is measured from the start of this read, so a slow read does not stretch it.
                long nextPoll = readStart + schedule.nextGap(readStart, last, readNanos, readCpuNanos);
                // Wake the feeder on its own 250 ms schedule meanwhile, so a long gap never leaves its stall standing longer.
                while (true) {
                    long t = System.nanoTime();
                    if (wake && t >= nextWake) {
                        if (legacyPolling) feeder.wakeWithProcess();
                        else feeder.wake();
                        wakes++;
                        nextWake = System.nanoTime() + WAKE_MILLIS * 1_000_000L;
                        t = System.nanoTime();
                    }
                    if (t >= nextPoll) break;
                    long until = wake ? Math.min(nextPoll, nextWake) : nextPoll;
                    Sleep.millis(Math.max(1, (until - t) / 1_000_000));
                }
            }
        } finally {
            if (lastPolling == null) lastPolling = new Polling(Polling.harnessCpuNow() - cpuStart, reads, Double.NaN, Double.NaN, wakes, skipped);
            if (stall != null && stall.longestStillNanos() > StallRule.STALL_NANOS) {
                out.line(String.format(java.util.Locale.ROOT, "  note: the count stood still for %.0f s while the receiver's CPU kept working (ADR 0111)",
                        stall.longestStillNanos() / 1e9));
            }
        }
    }

    /**
     * An IPv4 install, dated by the ip_fib_alias slab plateau with one confirming exact read (ADR 0098's
     * plateau addendum, {@link Ipv4InstallWait}); wakes, the no-progress rule and the overall timeout as in
     * {@link #awaitCount}. Sets {@link #lastFinish} to the dated moment and says in the log how it was dated.
     */
    private String awaitIpv4Install(RunningReceiver rx, RouteCounter counter, long target, long timeoutNanos, boolean wake) {
        double cpuStart = Polling.harnessCpuNow();
        long start = System.nanoTime();
        long[] nextWake = {start + WAKE_MILLIS * 1_000_000L};
        int[] wakes = {0};
        StallRule[] stall = {null};
        ReceiverCpu receiverCpu = new ReceiverCpu(rx);
        Ipv4InstallWait wait = Ipv4InstallWait.kernel(counter).watchingReceiver(ReceiverCpuClock.of(rx.processes));
        Ipv4InstallWait.Result r = wait.await(target, routes.size, (now, count) -> {
            if (stall[0] == null) stall[0] = new StallRule(now, count, receiverCpu.read(now));
            if (wake && now >= nextWake[0]) {
                feeder.wake();
                wakes[0]++;
                nextWake[0] = System.nanoTime() + WAKE_MILLIS * 1_000_000L;
            }
            if (now - start > timeoutNanos) return "gave up after " + (timeoutNanos / 1_000_000_000L) + " s with " + count + " (" + counter.describe() + ")";
            String stalled = stall[0].observe(now, count, receiverCpu.read(now));
            if (stalled != null) return stalled + ", stuck at " + count + " (" + counter.describe() + " or ip_fib_alias estimate; receiver log: " + Logs.tail(rx.log, 2) + ")";
            String dead = rx.deadReason();
            return dead == null ? null : dead + "; count was " + count;
        });
        if (stall[0] != null && stall[0].longestStillNanos() > StallRule.STALL_NANOS) {
            out.line(String.format(java.util.Locale.ROOT, "  note: the count stood still for %.0f s while the receiver's CPU kept working (ADR 0111)",
                    stall[0].longestStillNanos() / 1e9));
        }
        double cpu = Polling.harnessCpuNow() - cpuStart;
        if (r.lastCount() >= 0) lastCount = r.lastCount();
        PlateauDating.Finish f = r.finish();
        if (f == null) {
            lastPolling = new Polling(cpu, r.exactReads(), r.lastReadNanos() / 1e6, Double.NaN, wakes[0], r.slabPolls(), "none", Double.NaN);
            return r.stopped();
        }
        lastFinish = Instant.now().minusNanos(System.nanoTime() - f.nanos());
        double lead = f.plateauLeadNanos() / 1e6;
        lastPolling = new Polling(cpu, r.exactReads(), r.lastReadNanos() / 1e6, f.lateNanos() / 1e6, wakes[0], r.slabPolls(), f.method().label, lead);
        lastDating = String.format(java.util.Locale.ROOT, "         install dated by %s: %s", f.method().label, switch (f.method()) {
            case SLAB_PLATEAU -> String.format(java.util.Locale.ROOT,
                    "ip_fib_alias settled at %d, first seen %.0f ms before the end of the exact read that saw all routes (the figure); "
                            + "late by at most %.0f ms; %d exact reads (%d confirming), %d slab polls, %d of them waiting for the receiver's CPU to rest",
                    f.slabValue(), lead, f.lateNanos() / 1e6, r.exactReads(), r.confirmReads(), r.slabPolls(), r.deferredPolls());
            case EXACT_READ -> String.format(java.util.Locale.ROOT,
                    "a confirming read was short and the slab did not move after it; late by at most %.0f ms (%d exact reads, "
                            + "%d polls waiting for the receiver's CPU to rest)",
                    f.lateNanos() / 1e6, r.exactReads(), r.deferredPolls());
            case EXACT_NO_SLAB -> String.format(java.util.Locale.ROOT,
                    "no usable ip_fib_alias slab count (missing, unreadable or merged); late by at most %.0f ms (%d exact reads)", f.lateNanos() / 1e6, r.exactReads());
        });
        return null;
    }

    /**
     * The receiver's CPU seconds, read from /proc at most once a second (listing a process's
     * descendants walks /proc); NaN between reads, which {@link StallRule} skips.
     */
    private static final class ReceiverCpu {
        private final RunningReceiver rx;
        private long nextRead = Long.MIN_VALUE;

        ReceiverCpu(RunningReceiver rx) {
            this.rx = rx;
        }

        double read(long nowNanos) {
            if (nextRead != Long.MIN_VALUE && nowNanos < nextRead) return Double.NaN;
            nextRead = nowNanos + StallRule.WINDOW_NANOS;
            return ProcStats.of(rx.processes).cpuSeconds();
        }
    }

    static String describe(Polling p) {
        return String.format(java.util.Locale.ROOT, "CPU %.2f s, %d reads (last %.1f ms), finish gap %.0f ms, %d wakes, %d slab estimates, dated by %s",
                p.harnessCpuSeconds(), p.reads(), p.lastReadMillis(), p.finishGapMillis(), p.wakes(), p.estimates(), p.dating());
    }

    static double seconds(Instant from, Instant to) {
        return java.time.Duration.between(from, to).toNanos() / 1e9;
    }
}
