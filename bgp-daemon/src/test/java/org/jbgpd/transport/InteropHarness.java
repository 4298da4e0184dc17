package org.jbgpd.transport;

import org.jbgpd.session.SessionState;
import org.jbgpd.testsupport.Privileges;
import org.jbgpd.wire.IpAddress;

import java.io.IOException;

/** One jbgpd transport in a lab's namespace j, and one real daemon in namespace p, for an interop test. */
final class InteropHarness implements AutoCloseable {

    enum Kind {
        BIRD16("BIRD 1.6", "bird"), BIRD2("BIRD 2", "bird2"), FRR("FRR", "frr"), GOBGP("GoBGP", "gobgpd");

        final String label;
        final String pkg;

        Kind(String label, String pkg) {
            this.label = label;
            this.pkg = pkg;
        }

        void require() {
            Privileges.requireRoot();
            Privileges.requireProgram("ip", "apt-get install iproute2");
            switch (this) {
                case BIRD16 -> Privileges.requireProgram("bird", "scripts/install-test-deps.sh installs bird");
                case BIRD2 -> Privileges.require(java.nio.file.Files.isExecutable(java.nio.file.Path.of(BirdDaemon.BIRD2)),
                        "BIRD 2 not unpacked at /opt/bird2 (scripts/install-test-deps.sh)");
                case FRR -> Privileges.require(java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/lib/frr/bgpd")),
                        "FRR not installed (scripts/install-test-deps.sh installs frr)");
                case GOBGP -> Privileges.requireProgram("gobgpd", "scripts/install-test-deps.sh installs gobgpd");
            }
        }

        PeerDaemon create(PeerLab lab, PeerDaemon.Config c) {
            return switch (this) {
                case BIRD16 -> new BirdDaemon(lab, c, false);
                case BIRD2 -> new BirdDaemon(lab, c, true);
                case FRR -> new FrrDaemon(lab, c);
                case GOBGP -> new GobgpDaemon(lab, c);
            };
        }
    }

    final PeerLab lab;
    final RecordingListener listener = new RecordingListener();
    final BgpTransport jbgpd;
    PeerDaemon daemon;

    InteropHarness(boolean twoHops, long localAs) throws IOException {
        lab = PeerLab.create(twoHops);
        try {
            jbgpd = BgpTransport.start(new SpeakerParameters(localAs, IpAddress.parse(PeerLab.J_V4), IpAddress.parse("::"), 179), listener,
                    lab.jbgpdThreads());
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    PeerDaemon startDaemon(Kind kind, PeerDaemon.Config c) {
        daemon = kind.create(lab, c);
        daemon.start();
        return daemon;
    }

    SessionState state(String peer) {
        PeerSnapshot s = jbgpd.snapshot(peer);
        return s == null ? null : s.session().state();
    }

    String describe() {
        return "jbgpd: " + jbgpd.snapshots() + "\n" + (daemon == null ? "" : daemon.name() + ":\n" + daemon.status() + "\nlog:\n" + daemon.log());
    }

    void awaitEstablished(String peer, long millis) {
        Await.until(peer + " Established on both sides", millis,
                () -> state(peer) == SessionState.ESTABLISHED && daemon.established(), this::describe);
    }

    @Override
    public void close() {
        try {
            if (daemon != null) daemon.close();
        } finally {
            try {
                jbgpd.close();
            } finally {
                lab.close();
            }
        }
    }
}
