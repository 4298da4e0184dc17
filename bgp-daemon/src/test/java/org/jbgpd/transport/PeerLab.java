package org.jbgpd.transport;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Network namespaces for one session test, named jb-se-PID-N-x: "j" where jbgpd's event loop thread lives (entered
 * with setns(2) on that thread only), "p" where the peer daemon runs, joined by a veth pair
 * (j 192.0.2.1/24 + 2001:db8:2::1/64, p 192.0.2.2/24 + 2001:db8:2::2/64). With {@code twoHops} a router namespace "r"
 * sits between them (j 192.0.2.1 - r 192.0.2.254 | r 198.51.100.254 - p 198.51.100.2), for GTSM. Everything is
 * removed on close; processes started through {@link #startInPeer} are killed by PID.
 */
final class PeerLab implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    static final String J_V4 = "192.0.2.1";
    static final String J_V6 = "2001:db8:2::1";
    static final String P_V4 = "192.0.2.2";
    static final String P_V6 = "2001:db8:2::2";
    static final String FAR_P_V4 = "198.51.100.2";

    final String j;
    final String p;
    final String r;
    private final List<Process> processes = new ArrayList<>();

    private PeerLab(String base, boolean twoHops) {
        this.j = base + "-j";
        this.p = base + "-p";
        this.r = twoHops ? base + "-r" : null;
    }

    static PeerLab create(boolean twoHops) {
        String base = "jb-se-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        PeerLab lab = new PeerLab(base, twoHops);
        try {
            for (String ns : lab.namespaces()) {
                run("ip", "netns", "add", ns);
                run("ip", "-n", ns, "link", "set", "lo", "up");
                // No duplicate address detection: a veth's link-local address is usable the moment it appears (with
                // carrier, see awaitLinkReady) instead of a second later. An address that appears after bird6 started
                // made it drop its direct eBGP neighbor with Cease 6/0 (InteropEstablishTest, ADR 0050 and 0113).
                run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
            }
            String tag = base.substring(base.lastIndexOf('-') + 1);
            if (!twoHops) {
                lab.veth(lab.j, "sj" + tag, J_V4 + "/24", J_V6 + "/64", lab.p, "sp" + tag, P_V4 + "/24", P_V6 + "/64");
            } else {
                lab.veth(lab.j, "sj" + tag, J_V4 + "/24", J_V6 + "/64", lab.r, "srj" + tag, "192.0.2.254/24", "2001:db8:2::fe/64");
                lab.veth(lab.r, "srp" + tag, "198.51.100.254/24", "2001:db8:3::fe/64", lab.p, "sp" + tag, FAR_P_V4 + "/24", "2001:db8:3::2/64");
                run("ip", "netns", "exec", lab.r, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
                run("ip", "-n", lab.j, "route", "add", "198.51.100.0/24", "via", "192.0.2.254");
                run("ip", "-n", lab.p, "route", "add", "192.0.2.0/24", "via", "198.51.100.254");
            }
            return lab;
        } catch (RuntimeException | AssertionError e) {
            lab.close();
            throw e;
        }
    }

    private List<String> namespaces() {
        return r == null ? List.of(j, p) : List.of(j, r, p);
    }

    private void veth(String nsA, String devA, String v4A, String v6A, String nsB, String devB, String v4B, String v6B) {
        run("ip", "link", "add", devA, "netns", nsA, "type", "veth", "peer", "name", devB, "netns", nsB);
        run("ip", "-n", nsA, "addr", "add", v4A, "dev", devA);
        run("ip", "-n", nsA, "-6", "addr", "add", v6A, "dev", devA, "nodad");
        run("ip", "-n", nsB, "addr", "add", v4B, "dev", devB);
        run("ip", "-n", nsB, "-6", "addr", "add", v6B, "dev", devB, "nodad");
        run("ip", "-n", nsA, "link", "set", devA, "up");
        run("ip", "-n", nsB, "link", "set", devB, "up");
        awaitLinkReady(nsA, devA);
        awaitLinkReady(nsB, devB);
    }

    /**
     * Waits until the veth end has carrier (operstate UP) and its IPv6 link-local address, so that a daemon started
     * next sees the interface in its final state. "link set up" returns before that: the kernel turns a veth's
     * carrier on in deferred work (linkwatch), measured here 0.25-0.8 s later at load 6-12, and only then adds the
     * link-local address. bird6 started in that gap ("Missing link local address on interface") dropped its
     * direct eBGP neighbor when the carrier came ("Neighbor lost", Cease 6/0 on a session jbgpd already had up):
     * InteropEstablishTest.ebgpWithFourOctetAsOverIpv6[BIRD 1.6] (ADR 0113).
     */
    private static void awaitLinkReady(String ns, String dev) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            String link = run("ip", "-n", ns, "-o", "link", "show", "dev", dev);
            String linkLocal = run("ip", "-n", ns, "-o", "-6", "addr", "show", "dev", dev, "scope", "link");
            boolean ready = link.contains(" state UP ") && linkLocal.contains("fe80::") && !linkLocal.contains("tentative");
            if (ready) return;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("veth " + dev + " in " + ns + " not ready after 10 s: " + link + linkLocal);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Threads that move into namespace j before they run: give this to BgpTransport.start. */
    ThreadFactory jbgpdThreads() {
        String ns = j;
        AtomicInteger n = new AtomicInteger();
        return task -> new Thread(() -> {
            enterNetns(ns);
            task.run();
        }, "bgp-session-" + ns + "-" + n.incrementAndGet());
    }

    /** Starts a program inside the peer namespace; output goes to {@code log}. Killed on close. */
    Process startInPeer(java.nio.file.Path log, String... cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", p));
        full.addAll(List.of(cmd));
        try {
            Process proc = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            processes.add(proc);
            return proc;
        } catch (IOException e) {
            throw new AssertionError("cannot start " + full + ": " + e, e);
        }
    }

    /** Runs a command inside the peer namespace and returns its output (whatever the exit status). */
    String inPeer(String... cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", p));
        full.addAll(List.of(cmd));
        return runLenient(full.toArray(String[]::new));
    }

    void signal(Process proc, String sig) {
        run("kill", "-" + sig, Long.toString(proc.pid()));
    }

    @Override
    public void close() {
        for (Process proc : processes) {
            proc.destroy();
            try {
                if (!proc.waitFor(3, TimeUnit.SECONDS)) proc.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String ns : namespaces()) {
            try {
                run("ip", "netns", "del", ns);
            } catch (AssertionError e) {
                System.err.println("could not remove namespace " + ns + ": " + e.getMessage());
            }
        }
    }

    static String run(String... cmd) {
        String[] out = new String[1];
        int rc = exec(out, cmd);
        if (rc != 0) throw new AssertionError(String.join(" ", cmd) + " failed (" + rc + "): " + out[0]);
        return out[0];
    }

    static String runLenient(String... cmd) {
        String[] out = new String[1];
        exec(out, cmd);
        return out[0];
    }

    private static int exec(String[] out, String... cmd) {
        try {
            Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            out[0] = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!proc.waitFor(30, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " timed out");
            }
            return proc.exitValue();
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", cmd) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // ---- setns(2) for the calling thread only

    private static final int O_RDONLY = 0;
    private static final int CLONE_NEWNET = 0x40000000;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle OPEN = LINKER.downcallHandle(LINKER.defaultLookup().find("open").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle SETNS = LINKER.downcallHandle(LINKER.defaultLookup().find("setns").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LINKER.defaultLookup().find("close").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    static void enterNetns(String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment path = arena.allocateFrom("/run/netns/" + name);
            int fd = (int) OPEN.invokeExact(path, O_RDONLY);
            if (fd < 0) throw new IllegalStateException("cannot open namespace " + name);
            int rc = (int) SETNS.invokeExact(fd, CLONE_NEWNET);
            int ignored = (int) CLOSE.invokeExact(fd);
            if (rc != 0) throw new IllegalStateException("setns into " + name + " failed");
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
