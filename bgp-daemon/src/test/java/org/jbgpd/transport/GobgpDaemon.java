package org.jbgpd.transport;

/** GoBGP's gobgpd with a TOML config, queried with the gobgp CLI over its gRPC port on the namespace's loopback. */
final class GobgpDaemon extends PeerDaemon {

    GobgpDaemon(PeerLab lab, Config config) {
        super(lab, config);
    }

    @Override
    String name() { return "GoBGP"; }

    @Override
    void start() {
        StringBuilder c = new StringBuilder();
        c.append("[global.config]\n  as = ").append(config.as()).append("\n  router-id = \"").append(config.routerId()).append("\"\n");
        c.append("  local-address-list = [\"").append(config.localAddress()).append("\"]\n");
        c.append("[[neighbors]]\n  [neighbors.config]\n    neighbor-address = \"").append(config.jbgpdAddress()).append("\"\n");
        c.append("    peer-as = ").append(config.jbgpdAs()).append("\n");
        if (config.password() != null) c.append("    auth-password = \"").append(config.password()).append("\"\n");
        c.append("  [neighbors.timers.config]\n    connect-retry = 1\n    hold-time = 3\n    keepalive-interval = 1\n");
        c.append("  [neighbors.transport.config]\n    passive-mode = ").append(config.passive()).append("\n");
        c.append("    local-address = \"").append(config.localAddress()).append("\"\n");
        if (config.ttlSecurity() > 0) {
            c.append("  [neighbors.ttl-security.config]\n    enabled = true\n    ttl-min = ").append(256 - config.ttlSecurity()).append("\n");
        }
        c.append("  [[neighbors.afi-safis]]\n    [neighbors.afi-safis.config]\n      afi-safi-name = \"ipv4-unicast\"\n");
        c.append("  [[neighbors.afi-safis]]\n    [neighbors.afi-safis.config]\n      afi-safi-name = \"ipv6-unicast\"\n");
        write("gobgpd.toml", c.toString());
        launch("/usr/bin/gobgpd", "-f", dir.resolve("gobgpd.toml").toString(), "-p", "--api-hosts", "127.0.0.1:50051", "--pprof-disable");
    }

    /** `gobgp neighbor` has no field for it; gobgpd logs the RFC 9003 message as Communicated-Reason. */
    @Override
    boolean showsShutdownMessage(String message) {
        return log().contains("Communicated-Reason=\"" + message + "\"");
    }

    @Override
    boolean established() {
        return status().contains("BGP state = ESTABLISHED") || status().contains("BGP state = established");
    }

    @Override
    String status() {
        return lab.inPeer("/usr/bin/gobgp", "-u", "127.0.0.1", "-p", "50051", "neighbor", config.jbgpdAddress());
    }
}
