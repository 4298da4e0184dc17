package org.jbgpd.daemon;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * The config of a jbgpd that needs no privileges and talks to nobody: listener on 127.0.0.1 at a free port, one
 * passive peer that never connects, no kernel table, no metrics, the control socket where the test says. The
 * process tests (systemd notify, signals, reload, the launcher's AOT cache) start jbgpd with it.
 */
final class UnprivilegedConfig {

    private UnprivilegedConfig() { }

    static String text(Path controlSocket) throws IOException {
        return text(controlSocket, freePort());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** With the listener on {@code port}, for a test that plays the peer 127.0.0.3 and dials jbgpd. */
    static String text(Path controlSocket, int port) {
        return """
                routerId: 192.0.2.1
                asNumber: 64512
                listen: {address: 127.0.0.1, port: %d}
                peers: [{name: nobody, address: 127.0.0.3, passive: true}]
                kernel: {enabled: false}
                control: {socket: %s}
                metrics: {enabled: false}
                """.formatted(port, controlSocket);
    }
}
