package org.jbgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jbgpd.cli.CtlRun;
import org.jbgpd.config.ConfigLoader;
import org.jbgpd.control.JsonCodec;
import org.jbgpd.control.PeerDetail;
import org.jbgpd.control.RouteEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two whole jbgpd daemons peer over loopback (real TCP, real control sockets, real metrics
 * endpoint; kernel disabled so no root is needed): B announces prefixes, A learns them, and
 * jbgpctl, reload, sd_notify and /metrics are checked on A.
 */
class DaemonEndToEndTest {

    @TempDir
    Path dir;

    private Daemon a;
    private Daemon b;
    private final JsonCodec json = new JsonCodec();

    @AfterEach
    void stop() {
        if (a != null) a.close();
        if (b != null) b.close();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private String config(String routerId, String self, int listenPort, String peerName, String peer, int peerPort, int metricsPort,
            String importPolicy, String announce) {
        return """
                routerId: %s
                asNumber: 64512
                listen: {address: %s, port: %d}
                peers:
                  - {name: %s, address: %s, port: %d, sourceAddress: %s, holdTime: 9, connectRetryTime: 1, importPolicy: %s}
                policies:
                  pods:
                    - {action: accept, prefix: 10.20.0.0/16, maxLength: 32}
                announce: %s
                kernel: {enabled: false}
                control: {socket: %s}
                metrics: {address: 127.0.0.1, port: %d}
                """.formatted(routerId, self, listenPort, peerName, peer, peerPort, self, importPolicy, announce,
                dir.resolve(peerName.equals("b") ? "a.sock" : "b.sock"), metricsPort);
    }

    private String ctl(String... args) {
        return CtlRun.of(dir.resolve("a.sock"), args).text();
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private List<RouteEntry> routesOnA() {
        String r = ctl("-o", "json", "show", "routes");
        if (!r.startsWith("0\n")) return List.of();
        try {
            return json.readList(r.substring(2).getBytes(), RouteEntry.class);
        } catch (Exception e) {
            throw new AssertionError(r, e);
        }
    }

    private PeerDetail peerB() throws Exception {
        String r = ctl("-o", "json", "show", "peer", "b");
        assertTrue(r.startsWith("0\n"), r);
        return json.read(r.substring(2).getBytes(), PeerDetail.class);
    }

    @Test
    void learnsRoutesReloadsPolicyWithoutResetAndReports() throws Exception {
        int portA = freePort(), portB = freePort(), metricsA = freePort(), metricsB = freePort();
        Path fileA = dir.resolve("a.yaml");
        Path fileB = dir.resolve("b.yaml");
        Files.writeString(fileA, config("192.0.2.1", "127.0.0.1", portA, "b", "127.0.0.2", portB, metricsA, "all", "[]"));
        Files.writeString(fileB, config("192.0.2.2", "127.0.0.2", portB, "a", "127.0.0.1", portA, metricsB, "all",
                "[{prefix: 10.20.1.0/26}, {prefix: 203.0.113.0/24}]"));

        try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify"))) {
            b = Daemon.start(fileB, ConfigLoader.load(fileB), new SdNotify(null));
            a = Daemon.start(fileA, ConfigLoader.load(fileA), new SdNotify(systemd.path.toString()));
            assertTrue(systemd.next().startsWith("READY=1"));

            waitFor("A to learn B's two prefixes", () -> routesOnA().size() == 2);
            RouteEntry pods = routesOnA().getFirst();
            assertEquals("10.20.1.0/26", pods.prefix());
            assertEquals("127.0.0.2", pods.paths().getFirst().nextHop());
            assertTrue(pods.paths().getFirst().best());

            // The peer's counters come from its session snapshot, which may trail the RIB by a moment.
            String peersRow = "(?s).*\\| b +\\| 127\\.0\\.0\\.2 +\\| iBGP +\\| Established +\\|.*\\| 2 +\\| 2 +\\| [0-9]+ +\\|.*";
            waitFor("show peers to count B's two prefixes", () -> ctl("show", "peers").matches("0\n" + peersRow));
            String peers = ctl("show", "peers");
            assertTrue(peers.startsWith("0\n"), peers);
            assertTrue(peers.matches(peersRow), peers);
            int establishedBefore = (int) peerB().establishedTransitions();

            // Policy-only reload: the pods policy drops 203.0.113.0/24, the session stays up.
            Files.writeString(fileA, Files.readString(fileA).replace("importPolicy: all", "importPolicy: pods"));
            String reload = ctl("reload");
            assertTrue(reload.startsWith("0\nreloaded " + fileA + ": policy re-evaluated for b"), reload);
            assertEquals("RELOADING=1", systemd.next().lines().findFirst().orElseThrow());
            assertEquals("READY=1", systemd.next());
            waitFor("the policy to drop 203.0.113.0/24", () -> routesOnA().size() == 1);
            assertEquals("10.20.1.0/26", routesOnA().getFirst().prefix());
            assertEquals(establishedBefore, peerB().establishedTransitions(), "a policy-only reload must not reset the session");
            assertEquals("Established", peerB().summary().state());

            // A broken file is refused with its location; the running config stays.
            Files.writeString(fileA, Files.readString(fileA).replace("asNumber: 64512", "asNumber: 0"));
            String rejected = ctl("reload");
            assertTrue(rejected.startsWith("2\n"), rejected);
            assertTrue(rejected.contains(fileA + ":2:11: asNumber is 0, must be in 1..4294967295"), rejected);
            assertEquals(1, routesOnA().size());
            systemd.next(); // RELOADING=1
            systemd.next(); // READY=1

            String route = ctl("show", "route", "10.20.1.7");
            assertTrue(route.startsWith("0\n10.20.1.0/26\n  * via 127.0.0.2 from b"), route);

            HttpClient http = HttpClient.newHttpClient();
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsA + "/metrics")).build();
            // The accepted count follows the policy change through the session's snapshot: wait for it, then read.
            waitFor("/metrics to count one accepted prefix", () -> {
                try {
                    return http.send(get, HttpResponse.BodyHandlers.ofString()).body()
                            .contains("jbgpd_peer_prefixes{address=\"127.0.0.2\",kind=\"accepted\",peer=\"b\"} 1");
                } catch (java.io.IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });
            HttpResponse<String> scrape = http.send(get, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, scrape.statusCode());
            String metrics = scrape.body();
            assertTrue(metrics.contains("jbgpd_peer_up{address=\"127.0.0.2\",peer=\"b\"} 1"), metrics);
            assertTrue(metrics.contains("jbgpd_peer_prefixes{address=\"127.0.0.2\",kind=\"accepted\",peer=\"b\"} 1"), metrics);
            assertTrue(metrics.matches("(?s).*jbgpd_peer_messages_total\\{address=\"127\\.0\\.0\\.2\",direction=\"in\",peer=\"b\",type=\"update\"} [1-9].*"), metrics);
            assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM metrics are exported");

            a.close();
            assertEquals("STOPPING=1", systemd.next());
            a = null;
        }
    }
}
