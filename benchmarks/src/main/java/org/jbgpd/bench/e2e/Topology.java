package org.jbgpd.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Two network namespaces joined by one veth: the feeder's ({@code PREFIXfeed}, interface
 * {@code PREFIXf}) and the receiver's ({@code PREFIXrx}, interface {@code PREFIXr}). Nothing
 * else is connected to them, so no packet leaves. A {@code sleep} anchored in the receiver
 * namespace gives a pid whose /proc/PID/net files show that namespace's kernel tables, which is
 * how routes are counted without spawning a process per look.
 */
final class Topology implements AutoCloseable {
    static final String FEEDER_V4 = "198.51.100.1";
    static final String RECEIVER_V4 = "198.51.100.2";
    static final String FEEDER_V6 = "2001:db8:be::1";
    static final String RECEIVER_V6 = "2001:db8:be::2";
    static final int FEEDER_AS = 64512;
    static final int RECEIVER_AS = 64513;

    final String feederNs;
    final String receiverNs;
    final String feederIf;
    final String receiverIf;
    private Process anchor;
    private Path flushBatch;
    private java.nio.channels.FileChannel lock;

    private Topology(String prefix) {
        this.feederNs = prefix + "feed";
        this.receiverNs = prefix + "rx";
        this.feederIf = prefix + "f";
        this.receiverIf = prefix + "r";
        if (receiverIf.length() > 15) throw new IllegalArgumentException("name prefix too long for an interface name: " + prefix);
    }

    /**
     * Takes the prefix's lock, removes leftovers of an interrupted run with the same prefix, then
     * builds the topology. The lock (a file in /tmp, released when this closes or the JVM ends)
     * keeps a second harness run on the same names from deleting the first one's namespaces
     * under its daemons, which is what happened when two engineers ran the harness at once.
     */
    static Topology create(String prefix, Path workDir) {
        Topology t = new Topology(prefix);
        t.lock = lockPrefix(prefix);
        t.remove();
        try {
            Commands.check("ip", "netns", "add", t.feederNs);
            Commands.check("ip", "netns", "add", t.receiverNs);
            for (String ns : List.of(t.feederNs, t.receiverNs)) {
                Commands.check("ip", "-n", ns, "link", "set", "lo", "up");
                // The receiver's IPv6 table must hold a full table (the limit applies to the route cache on old kernels).
                Commands.run(List.of("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.route.max_size=4194304"), 10);
                // No duplicate address detection, so the veth's link-local address is usable once it appears
                // instead of a second later (awaitLinkReady waits for it).
                Commands.check("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
            }
            Commands.check("ip", "link", "add", t.feederIf, "netns", t.feederNs, "type", "veth", "peer", "name", t.receiverIf, "netns", t.receiverNs);
            t.address(t.feederNs, t.feederIf, FEEDER_V4 + "/24", FEEDER_V6 + "/64");
            t.address(t.receiverNs, t.receiverIf, RECEIVER_V4 + "/24", RECEIVER_V6 + "/64");
            awaitLinkReady(t.feederNs, t.feederIf);
            awaitLinkReady(t.receiverNs, t.receiverIf);
            t.flushBatch = workDir.resolve("flush-routes.batch");
            StringBuilder batch = new StringBuilder();
            for (String proto : List.of("bird", "bgp", "zebra", "186", "static", "boot")) {
                batch.append("route flush table main proto ").append(proto).append('\n');
            }
            TextFile.write(t.flushBatch, batch.toString());
            t.anchor = Commands.start(List.of("ip", "netns", "exec", t.receiverNs, "sleep", "infinity"), workDir.resolve("anchor.log"));
            t.awaitAnchor();
            return t;
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
    }

    private static java.nio.channels.FileChannel lockPrefix(String prefix) {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), prefix + "e2e.lock");
        try {
            var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
            if (channel.tryLock() == null) {
                channel.close();
                throw new BenchException("another harness run uses the namespaces " + prefix + "feed/" + prefix
                        + "rx (it holds " + file + "); wait for it or pass another --name-prefix");
            }
            return channel;
        } catch (java.io.IOException e) {
            throw new BenchException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    private void address(String ns, String dev, String v4, String v6) {
        Commands.check("ip", "-n", ns, "addr", "add", v4, "dev", dev);
        Commands.check("ip", "-n", ns, "-6", "addr", "add", v6, "dev", dev, "nodad");
        Commands.check("ip", "-n", ns, "link", "set", dev, "up");
    }

    /**
     * Waits until a veth end has carrier (operstate UP) and a usable IPv6 link-local address. "link set up" returns
     * before either: the kernel turns the carrier on in deferred work (linkwatch, up to a second under load) and only
     * then adds the link-local address. bird6 (the bird1 receiver in the IPv6 scenarios) started in that gap drops
     * its direct eBGP session when the address arrives ("Missing link local address", then "Neighbor lost" and
     * Cease: 5 of 5 runs of this topology with bird6 and BIRD 2 started at once; ADR 0113 and its addendum).
     */
    static void awaitLinkReady(String ns, String dev) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            String link = Commands.check("ip", "-n", ns, "-o", "link", "show", "dev", dev);
            String linkLocal = Commands.check("ip", "-n", ns, "-o", "-6", "addr", "show", "dev", dev, "scope", "link");
            if (link.contains(" state UP ") && linkLocal.contains("fe80::") && !linkLocal.contains("tentative")) return;
            if (System.nanoTime() > deadline) {
                throw new BenchException("veth " + dev + " in " + ns + " has no carrier or link-local address after 10 s: " + link + linkLocal);
            }
            Sleep.millis(20);
        }
    }

    private void awaitAnchor() {
        // ip netns exec execs sleep, so the pid is sleep's once it has switched namespaces.
        Path mine = Path.of("/proc/self/ns/net");
        Path theirs = Path.of("/proc", Long.toString(anchor.pid()), "ns", "net");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (!Files.readSymbolicLink(theirs).equals(Files.readSymbolicLink(mine))) return;
            } catch (java.io.IOException ignored) {
                // not there yet
            }
            Sleep.millis(10);
        }
        throw new BenchException("the namespace anchor did not enter " + receiverNs);
    }

    /** /proc/PID/net of a process inside the receiver namespace. */
    Path receiverProcNet() {
        return Path.of("/proc", Long.toString(anchor.pid()), "net");
    }

    Path receiverNsPath() {
        return Path.of("/run/netns", receiverNs);
    }

    /** {@code ip netns exec NS} in front of a command. */
    List<String> inReceiver(List<String> command) {
        return prepend(receiverNs, command);
    }

    List<String> inFeeder(List<String> command) {
        return prepend(feederNs, command);
    }

    private static List<String> prepend(String ns, List<String> command) {
        var all = new java.util.ArrayList<String>(List.of("ip", "netns", "exec", ns));
        all.addAll(command);
        return all;
    }

    /**
     * Deletes the routes any receiver may have left in the receiver namespace (not the connected
     * ones): one {@code ip -batch} per family for every protocol a receiver or floor uses, run
     * before and after each measurement, so it is two processes, not twelve.
     */
    void flushReceiverRoutes() {
        for (String family : List.of("-4", "-6")) {
            Commands.run(List.of("ip", family, "-force", "-n", receiverNs, "-batch", flushBatch.toString()), 300);
        }
    }

    private void remove() {
        for (String ns : List.of(feederNs, receiverNs)) {
            if (Files.exists(Path.of("/run/netns", ns))) {
                Commands.run(List.of("ip", "netns", "pids", ns), 10).output().lines()
                        .map(String::strip).filter(s -> !s.isEmpty())
                        .forEach(pid -> ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly));
                Commands.run(List.of("ip", "netns", "del", ns), 30);
            }
        }
    }

    @Override
    public void close() {
        Commands.stop(anchor, 1000);
        remove();
        if (lock != null) {
            try {
                lock.close();
            } catch (java.io.IOException ignored) {
                // closing releases the lock; the JVM's exit would too
            }
        }
    }
}
