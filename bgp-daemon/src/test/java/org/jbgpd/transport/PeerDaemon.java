package org.jbgpd.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real BGP daemon (BIRD 1.6, BIRD 2, FRR, GoBGP) in a lab's peer namespace, configured to peer with jbgpd. */
abstract class PeerDaemon implements AutoCloseable {

    /**
     * How the daemon peers with jbgpd.
     *
     * @param jbgpdAddress jbgpd's address as the daemon dials it (IPv4 or IPv6)
     * @param ttlSecurity  GTSM hops, 0 = off; with more than 1 the daemon is told it is multihop
     */
    record Config(long as, String routerId, String localAddress, String jbgpdAddress, long jbgpdAs, String password,
                  int ttlSecurity, boolean passive) {
        boolean ipv6() { return jbgpdAddress.contains(":"); }

        Config withPassword(String p) { return new Config(as, routerId, localAddress, jbgpdAddress, jbgpdAs, p, ttlSecurity, passive); }

        Config withTtlSecurity(int hops) { return new Config(as, routerId, localAddress, jbgpdAddress, jbgpdAs, password, hops, passive); }

        Config withPassive(boolean p) { return new Config(as, routerId, localAddress, jbgpdAddress, jbgpdAs, password, ttlSecurity, p); }
    }

    protected final PeerLab lab;
    protected final Config config;
    protected final Path dir;
    protected Process process;

    PeerDaemon(PeerLab lab, Config config) {
        this.lab = lab;
        this.config = config;
        try {
            this.dir = Files.createTempDirectory("jb-se-peer");
            dir.toFile().setWritable(true, false);
            dir.toFile().setExecutable(true, false);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    abstract String name();

    /** Writes the config and starts the daemon in the foreground (killed by the lab, or by {@link #close}). */
    abstract void start();

    /** True when the daemon's own status output says the session with jbgpd is Established. */
    abstract boolean established();

    /** The daemon's status output for the session with jbgpd (for assertions on what it saw, and for failures). */
    abstract String status();

    /** True when the daemon shows the RFC 9003 shutdown communication it received from jbgpd in its own output. */
    boolean showsShutdownMessage(String message) {
        return status().contains(message);
    }

    Process process() { return process; }

    String log() {
        try {
            return Files.readString(dir.resolve("daemon.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    protected void write(String file, String content) {
        try {
            Files.writeString(dir.resolve(file), content);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    protected void launch(String... cmd) {
        process = lab.startInPeer(dir.resolve("daemon.log"), cmd);
    }

    /** SIGTERM and wait, so the daemon can send its Cease. */
    @Override
    public void close() {
        if (process == null) return;
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() { return name(); }
}
