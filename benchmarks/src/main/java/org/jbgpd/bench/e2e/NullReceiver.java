package org.jbgpd.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The feeder alone (ADR 0111): {@link NullSpeaker} in the receiver namespace, a JVM of its own
 * started from the harness's jar, takes the feeder's session and discards every UPDATE. Its
 * count is what it was sent (from its status file); its install figure is BIRD's Established to
 * the arrival of the last UPDATE that announced something, as the speaker timed it. No receiver
 * can install N routes faster than the feeder sends them, so this is the feeder-bound limit
 * next to the kernel floor.
 */
final class NullReceiver implements BgpReceiver {
    static final String ID = "null";

    @Override public String id() { return ID; }

    @Override public String label() { return "null receiver: reads and discards the UPDATEs (how long the feeder alone needs to send N routes)"; }

    @Override public String missing() { return null; }

    @Override public boolean installsInKernel() { return false; }

    @Override
    public RunningReceiver start(Topology topology, Scenario scenario, Path dir) {
        Path status = dir.resolve("null-status.txt");
        Path log = dir.resolve("null.log");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // A small JVM: it holds nothing but its buffers, and must not take CPU from the feeder it times.
        command.addAll(List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx64m", "-cp", classPath(), NullSpeaker.class.getName(),
                Integer.toString(Topology.RECEIVER_AS), Topology.RECEIVER_V4, status.toString()));
        Process p = Commands.start(topology.inReceiver(command), log);
        RouteCounter counter = new RouteCounter() {
            @Override public long count() {
                return read(status).routes();
            }

            @Override public String describe() { return "prefixes the null receiver was sent, from " + status.getFileName(); }
        };
        return new RunningReceiver(List.of(p), log, counter, () -> {
            NullStatus s = read(status);
            String detail = String.format(java.util.Locale.ROOT, "%,d UPDATEs, %.1f MiB, %,d prefixes; End-of-RIB %s",
                    s.updates(), s.bytes() / 1048576.0, s.announced(), s.endOfRib() == null ? "none" : "at " + s.endOfRib());
            return s.lastAnnounce() == null ? null : new RunningReceiver.SelfTimed(s.lastAnnounce(), s.endOfRib(), detail);
        });
    }

    /** The status the speaker wrote last; none yet before its first write. */
    static NullStatus read(Path status) {
        try {
            return NullStatus.parse(Files.readString(status));
        } catch (NoSuchFileException e) {
            return NullStatus.NONE;
        } catch (IOException e) {
            throw new BenchException("cannot read " + status + ": " + e.getMessage(), e);
        }
    }

    /** The harness's own class path, absolute: the speaker runs from the same jar in another working directory's view. */
    private static String classPath() {
        List<String> parts = new ArrayList<>();
        for (String part : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            parts.add(Path.of(part).toAbsolutePath().toString());
        }
        return String.join(java.io.File.pathSeparator, parts);
    }
}
