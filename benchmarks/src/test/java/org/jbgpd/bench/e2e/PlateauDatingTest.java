package org.jbgpd.bench.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The IPv4 finish is dated at the first slab poll of the value the count settles on, and only when an
 * exact read after the plateau saw every route; a receiver that stalls with its last routes inside the
 * per-CPU slab slack is dated by the read that saw them, never by the plateau before its stall.
 * Sequences are synthetic (shaped like the recorded ones: 73 objects per slab, polls 10 ms apart) or
 * recorded from the C floor by {@link DatingCheck} (test resources dating-*.txt).
 */
class PlateauDatingTest {
    private static final long MS = 1_000_000L;
    private static final long N = 100_000;
    /** A baseline of 3 routes, with 438 objects counted (per-CPU slabs of an idle cache). */
    private static final long BASE = 3;
    private static final long BASE_OBJECTS = 438;

    /** Feeds slab polls and answers exact reads from {@code countAt}; records what happened. */
    private static final class Sim {
        final PlateauDating dating;
        long t;
        int reads;
        long lastShortEnd = Long.MIN_VALUE;
        PlateauDating.Finish finish;
        final java.util.function.LongUnaryOperator countAt;
        final java.util.function.LongUnaryOperator objectsAt;
        /** The receiver's CPU clock (ns) at a moment, or null: no clock, as where it cannot be read. */
        java.util.function.LongUnaryOperator cpuAt;
        long lastReadStart = Long.MIN_VALUE;
        static final long READ = 5 * MS;

        Sim(boolean slabUsable, java.util.function.LongUnaryOperator countAt, java.util.function.LongUnaryOperator objectsAt) {
            this.dating = new PlateauDating(BASE + N, PlateauDating.margin(N), new PollSchedule(BASE + N, 20), slabUsable);
            this.countAt = countAt;
            this.objectsAt = objectsAt;
        }

        /** Runs until a finish or {@code untilMs}; every poll 10 ms apart, every read {@link #READ} long. */
        PlateauDating.Finish run(long untilMs) {
            for (; t <= untilMs * MS && finish == null; t += 10 * MS) {
                long cpu = cpuAt != null && dating.wantsReceiverCpu() ? cpuAt.applyAsLong(t) : -1; // as Ipv4InstallWait reads it
                if (dating.slab(t, objectsAt.applyAsLong(t), cpu)) {
                    reads++;
                    lastReadStart = t;
                    long end = t + READ;
                    long count = countAt.applyAsLong(end);
                    finish = dating.exact(t, end, count, READ, objectsAt.applyAsLong(t), objectsAt.applyAsLong(end));
                    if (finish == null) lastShortEnd = end;
                    // The next poll on the 10 ms grid after the read's end.
                    t = (end + 10 * MS - 1) / (10 * MS) * (10 * MS) - 10 * MS;
                }
            }
            return finish;
        }
    }

    /** Routes in after {@code t}: 1,000 per ms (1M/s) from 0 to the end of {@code N}, optionally holding the last {@code held} until {@code resumeMs}. */
    private static long routes(long t, long held, long resumeMs) {
        long steady = Math.min(N - held, Math.max(0, t / MS * 1_000));
        if (held > 0 && t >= resumeMs * MS) return BASE + N;
        return BASE + steady;
    }

    /**
     * SLUB's count for {@code routes} in: the baseline's per-CPU slabs first fill (no step), then a new 73-object
     * slab whenever the allocated objects pass the counted ones; so the count is always ahead, by less than a slab.
     */
    private static long objects(long routes) {
        long allocated = routes - BASE;
        // 100,000 - 63 fills whole slabs: the last step comes 72 routes before the end (so 64 can stall inside it).
        long freeAtBase = 63;
        if (allocated <= freeAtBase) return BASE_OBJECTS;
        long beyond = allocated - freeAtBase;
        return BASE_OBJECTS + (beyond + 72) / 73 * 73;
    }

    @Test
    void aSteadyInstallIsDatedAtTheFirstPollOfTheSettledValueAndReadOnlyTwice() {
        Sim sim = new Sim(true, t -> routes(t, 0, 0), t -> objects(routes(t, 0, 0)));
        PlateauDating.Finish f = sim.run(1_000);
        assertNotNull(f);
        assertEquals(PlateauDating.Method.SLAB_PLATEAU, f.method());
        // All 100,000 are in at 100 ms; the last step (the last new slab) came with them, first polled at 100 ms.
        assertEquals(100 * MS, f.plateauNanos());
        assertTrue(f.nanos() >= 100 * MS + PlateauDating.settleNear(N), "confirmed after the value stood still: " + f.nanos() / MS);
        assertEquals(f.confirmEndNanos(), f.nanos(), "dated by the end of the read that saw them all");
        assertEquals(f.nanos() - 90 * MS, f.lateNanos(), "the finish lies after the poll before the settled value");
        assertEquals(2, sim.reads, "the baseline read and one confirming read: no walk while the count moved");
    }

    /** A receiver's CPU clock: one core's worth until {@code busyUntilMs}, then still. */
    private static long cpuBusyUntil(long t, long busyUntilMs) {
        return Math.min(t, busyUntilMs * MS);
    }

    @Test
    void aConfirmingWalkWaitsWhileTheReceiversWriterStillWorks() {
        // The count settles at 100 ms, but the writer keeps a core busy until 230 ms (its kernel tail inside the per-CPU
        // slack, where the slab does not step): a walk then would stall it in synchronize_rcu_expedited (ADR 0127).
        Sim sim = new Sim(true, t -> routes(t, 0, 0), t -> objects(routes(t, 0, 0)));
        sim.cpuAt = t -> cpuBusyUntil(t, 230);
        PlateauDating.Finish f = sim.run(1_000);
        assertNotNull(f);
        assertEquals(PlateauDating.Method.SLAB_PLATEAU, f.method());
        assertEquals(2, sim.reads, "still one confirming walk");
        assertTrue(sim.lastReadStart >= 230 * MS, "walked at " + sim.lastReadStart / MS + " ms, while the writer still worked");
        assertTrue(sim.lastReadStart <= 230 * MS + PlateauDating.BUSY_WINDOW_NANOS + 10 * MS, "walked at " + sim.lastReadStart / MS + " ms");
        assertEquals(100 * MS, f.plateauNanos(), "the plateau still marks the lower edge");
        assertTrue(sim.dating.deferredPolls() > 0);
    }

    @Test
    void aReceiverThatNeverRestsIsWalkedAfterTheLongestWait() {
        Sim sim = new Sim(true, t -> routes(t, 0, 0), t -> objects(routes(t, 0, 0)));
        sim.cpuAt = t -> t; // one core busy for good (say, a JIT compile after the last route)
        PlateauDating.Finish f = sim.run(2_000);
        assertNotNull(f);
        long due = 100 * MS + PlateauDating.settleNear(N);
        assertTrue(sim.lastReadStart >= due + PlateauDating.MAX_WAIT_FOR_IDLE_NANOS, "walked at " + sim.lastReadStart / MS + " ms");
        assertTrue(sim.lastReadStart <= due + PlateauDating.MAX_WAIT_FOR_IDLE_NANOS + 10 * MS, "walked at " + sim.lastReadStart / MS + " ms");
        assertEquals(2, sim.reads);
    }

    @Test
    void aReceiverAtRestIsWalkedAsWithoutItsClock() {
        Sim withClock = new Sim(true, t -> routes(t, 0, 0), t -> objects(routes(t, 0, 0)));
        withClock.cpuAt = t -> cpuBusyUntil(t, 100);
        Sim without = new Sim(true, t -> routes(t, 0, 0), t -> objects(routes(t, 0, 0)));
        assertEquals(without.run(1_000).nanos(), withClock.run(1_000).nanos());
        assertEquals(0, withClock.dating.deferredPolls());
    }

    @Test
    void aReceiverStalledWithItsLastRoutesInsideTheSlackIsNotDatedAtThePlateau() {
        // The last 64 routes (a partial last UPDATE) wait 2 s for the feeder: they fit in the current slab, no step follows.
        long resume = 2_000;
        Sim sim = new Sim(true, t -> routes(t, 64, resume), t -> objects(routes(t, 64, resume)));
        assertEquals(objects(BASE + N - 64), objects(BASE + N), "the stall's routes fit in the slab already counted");
        PlateauDating.Finish f = sim.run(5_000);
        assertNotNull(f);
        assertEquals(PlateauDating.Method.EXACT_READ, f.method());
        assertTrue(f.nanos() >= resume * MS, "dated " + f.nanos() / MS + " ms, the routes went in at " + resume + " ms");
        assertTrue(sim.lastShortEnd < f.nanos());
        // Near the target the stuck count is read by ADR 0096's rule (at most one read + 4x its CPU apart), not every poll.
        assertTrue(sim.reads < 2_000 / 25, "reads during a 2 s stall: " + sim.reads);
        assertTrue(f.nanos() - resume * MS <= f.lateNanos(), "late by at most its gap");
    }

    @Test
    void aStallFollowedByANewSlabIsDatedAtThatSlab() {
        // Stalled 300 routes short, then the rest needs a new slab: the new value, first seen after the short read, dates it.
        long resume = 1_500;
        Sim sim = new Sim(true, t -> routes(t, 300, resume), t -> objects(routes(t, 300, resume)));
        assertTrue(objects(BASE + N) > objects(BASE + N - 300));
        PlateauDating.Finish f = sim.run(5_000);
        assertNotNull(f);
        assertEquals(PlateauDating.Method.SLAB_PLATEAU, f.method());
        assertEquals(resume * MS, f.plateauNanos());
        assertTrue(f.nanos() > resume * MS);
        assertTrue(sim.lastShortEnd <= f.plateauNanos());
    }

    @Test
    void aPlateauFarFromTheTargetCostsOneReadAfterASecondThenOneEveryTwoSeconds() {
        // The feeder stalls at 40% for 5 s (BIRD's partial-UPDATE stall); the slab stands still.
        long stallMs = 5_000;
        java.util.function.LongUnaryOperator count = t -> t < 40 * MS ? routes(t, 0, 0) : t < (40 + stallMs) * MS ? BASE + 40_000 : routes(t - stallMs * MS, 0, 0);
        Sim sim = new Sim(true, count, t -> objects(count.applyAsLong(t)));
        PlateauDating.Finish f = sim.run(10_000);
        assertNotNull(f);
        assertEquals(PlateauDating.Method.SLAB_PLATEAU, f.method());
        assertEquals((100 + stallMs) * MS, f.plateauNanos());
        // baseline + 1 s settle + reads at 3 s and 5 s of the stall + the confirming one.
        assertTrue(sim.reads <= 5, "reads: " + sim.reads);
    }

    @Test
    void withoutASlabEveryFinishIsAnExactReadByTheSchedule() {
        Sim sim = new Sim(true, t -> routes(t, 0, 0), t -> -1);
        PlateauDating.Finish f = sim.run(1_000);
        assertNotNull(f);
        assertEquals(PlateauDating.Method.EXACT_NO_SLAB, f.method());
        assertTrue(f.nanos() >= 100 * MS);
        assertEquals(0, f.plateauLeadNanos());
        assertTrue(sim.reads > 2);
    }

    @Test
    void aMergedCacheIsNeverConsulted() {
        // Objects that would say "settled" at once: a merged cache's count is no route count.
        Sim sim = new Sim(false, t -> routes(t, 0, 0), t -> 5_000_000);
        PlateauDating.Finish f = sim.run(1_000);
        assertNotNull(f);
        assertEquals(PlateauDating.Method.EXACT_NO_SLAB, f.method());
        assertTrue(f.nanos() >= 100 * MS);
    }

    @Test
    void aValueThatMovesDuringTheConfirmingReadIsDatedByTheReadsEnd() {
        PlateauDating d = new PlateauDating(BASE + N, PlateauDating.margin(N), new PollSchedule(BASE + N, 20), true);
        assertTrue(d.slab(0, 438));
        assertNull(d.exact(0, MS, BASE, MS, 438, 438));
        assertFalse(d.slab(10 * MS, 100_000));
        assertFalse(d.slab(20 * MS, 100_400));
        assertTrue(d.slab(80 * MS, 100_400));
        PlateauDating.Finish f = d.exact(80 * MS, 90 * MS, BASE + N, MS, 100_400, 100_473);
        assertNotNull(f);
        assertEquals(PlateauDating.Method.EXACT_READ, f.method());
        assertEquals(90 * MS, f.nanos());
    }

    @Test
    void aSlabThatCameDuringAShortReadDoesNotDateTheRoutesAfterIt() {
        // As recorded at 1M: the confirming read is 23 short and the last slab is taken while it walks; the last
        // routes then take 377 ms with no further step. Only a later read may date them.
        PlateauDating d = new PlateauDating(BASE + N, PlateauDating.margin(N), new PollSchedule(BASE + N, 20), true);
        assertTrue(d.slab(0, 438));
        assertNull(d.exact(0, MS, BASE, MS, 438, 438));
        long t = 10 * MS;
        for (long v = 438; v <= 100_100; v += 7_300, t += 10 * MS) assertFalse(d.slab(t, Math.min(v, 100_100)));
        long since = t;
        while (!d.slab(t, 100_100)) t += 10 * MS;
        assertTrue(t - since >= PlateauDating.settleNear(N));
        assertNull(d.exact(t, t + 217 * MS, BASE + N - 23, 168 * MS, 100_100, 100_173));
        long shortEnd = t + 217 * MS;
        PlateauDating.Finish f = null;
        for (t = shortEnd + 10 * MS; f == null; t += 10 * MS) {
            if (d.slab(t, 100_173)) {
                long count = t >= shortEnd + 377 * MS ? BASE + N : BASE + N - 5;
                f = d.exact(t, t + 200 * MS, count, 170 * MS, 100_173, 100_173);
                t += 200 * MS;
            }
        }
        assertEquals(PlateauDating.Method.EXACT_READ, f.method());
        assertTrue(f.nanos() >= shortEnd + 377 * MS, "dated before the last routes: " + (f.nanos() - shortEnd) / MS + " ms after the short read");
    }

    @Test
    void recordedFloorInstallsAreNeverDatedBeforeTheirLastSendmsgReturned() throws IOException {
        for (String trace : List.of("dating-100000-1.txt", "dating-1000000-1.txt")) {
            Replay r = replay(trace);
            // At 100k the confirming walk comes after the tail; at 1M the last 64 KiB sendmsg took 668 ms, so it may be short.
            if (trace.contains("-100000-")) assertEquals(PlateauDating.Method.SLAB_PLATEAU, r.finish.method(), trace);
            assertTrue(r.finish.nanos() >= r.writerSent, trace + ": dated before the writer's last sendmsg returned");
            assertTrue(r.finish.nanos() - r.finish.lateNanos() <= r.writerSent, trace + ": late by more than its gap");
        }
    }

    @Test
    void recordedFloorStalledBeforeItsLast64RoutesIsNotDatedBeforeThem() throws IOException {
        for (String trace : List.of("dating-100000-1-stall.txt", "dating-1000000-2-stall.txt")) {
            Replay r = replay(trace);
            assertTrue(r.finish.nanos() >= r.writerSent, trace + ": dated before the last routes went in");
        }
        // At 1M the last slab came 474 ms before the 64-route sendmsg returned: the plateau alone would have been that early.
        Replay r = replay("dating-1000000-2-stall.txt");
        assertTrue(r.finish.plateauNanos() < r.writerSent - 400 * MS);
    }

    /** The recorded writer's last sendmsg: the last route went in between its start and its return. */
    private record Replay(PlateauDating.Finish finish, long writerSend, long writerSent) {}

    /**
     * Replays a {@link DatingCheck} recording: the slab as recorded (a step function of time), polled every 10 ms;
     * an exact read (as long as the recording's reads) says all routes are in only once the writer's last sendmsg had
     * returned when the read ended (the latest the finish can be), else one short. So the rules may read at other
     * moments than the recording did.
     */
    private static Replay replay(String resource) throws IOException {
        List<String> lines;
        try (InputStream in = PlateauDatingTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            lines = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        }
        long target = 0, routes = 0, send = 0, sent = 0, firstCount = -1;
        java.util.TreeMap<Long, Long> slab = new java.util.TreeMap<>();
        java.util.List<Long> readNanos = new java.util.ArrayList<>();
        for (String l : lines) {
            String[] f = l.split(" ");
            switch (f[0]) {
                case "#" -> { target = Long.parseLong(f[2]); routes = Long.parseLong(f[4]); }
                case "writer" -> { send = Long.parseLong(f[1]); sent = Long.parseLong(f[2]); }
                case "slab" -> slab.putIfAbsent(Long.parseLong(f[1]), Long.parseLong(f[2]));
                case "exact" -> {
                    if (firstCount < 0) firstCount = Long.parseLong(f[3]);
                    readNanos.add(Long.parseLong(f[2]) - Long.parseLong(f[1]));
                }
                default -> { }
            }
        }
        long read = readNanos.stream().sorted().toList().get(readNanos.size() / 2);
        long first = slab.firstKey();
        long last = sent + 5_000 * MS;
        PlateauDating d = new PlateauDating(target, PlateauDating.margin(routes), new PollSchedule(target, 20), true);
        boolean baseline = true;
        for (long t = first; t < last; t += 10 * MS) {
            long objects = slab.floorEntry(t).getValue();
            if (!d.slab(t, objects)) continue;
            long end = t + read;
            long count = baseline ? firstCount : end >= sent ? target : target - 1;
            baseline = false;
            PlateauDating.Finish f = d.exact(t, end, count, read, objects, slab.floorEntry(end).getValue());
            if (f != null) return new Replay(f, send, sent);
            t = end;
        }
        throw new AssertionError(resource + ": no finish within 5 s of the writer's end");
    }
}
