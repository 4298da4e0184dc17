package org.jbgpd.transport;

/** FRR's bgpd alone (no zebra, no kernel), queried with vtysh. */
final class FrrDaemon extends PeerDaemon {

    FrrDaemon(PeerLab lab, Config config) {
        super(lab, config);
    }

    @Override
    String name() { return "FRR"; }

    @Override
    void start() {
        String n = config.jbgpdAddress();
        StringBuilder c = new StringBuilder();
        c.append("frr defaults traditional\n");
        c.append("hostname jb-peer\n");
        c.append("log stdout informational\n");
        c.append("router bgp ").append(config.as()).append("\n");
        c.append(" bgp router-id ").append(config.routerId()).append("\n");
        c.append(" no bgp ebgp-requires-policy\n");
        c.append(" no bgp default ipv4-unicast\n");
        c.append(" neighbor ").append(n).append(" remote-as ").append(config.jbgpdAs()).append("\n");
        c.append(" neighbor ").append(n).append(" timers 1 3\n");
        c.append(" neighbor ").append(n).append(" timers connect 1\n");
        if (config.passive()) c.append(" neighbor ").append(n).append(" passive\n");
        if (config.password() != null) c.append(" neighbor ").append(n).append(" password ").append(config.password()).append("\n");
        if (config.ttlSecurity() > 0) c.append(" neighbor ").append(n).append(" ttl-security hops ").append(config.ttlSecurity()).append("\n");
        c.append(" address-family ipv4 unicast\n  neighbor ").append(n).append(" activate\n exit-address-family\n");
        c.append(" address-family ipv6 unicast\n  neighbor ").append(n).append(" activate\n exit-address-family\n");
        write("bgpd.conf", c.toString());
        launch("/usr/lib/frr/bgpd", "-f", dir.resolve("bgpd.conf").toString(), "-i", dir.resolve("bgpd.pid").toString(),
                "-Z", "-S", "-n", "--vty_socket", dir.toString(), "-P", "0");
    }

    @Override
    boolean established() {
        return status().contains("BGP state = Established");
    }

    @Override
    String status() {
        // The text form, then the JSON form, which also carries the last shutdown communication received.
        return lab.inPeer("vtysh", "--vty_socket", dir.toString(), "-d", "bgpd", "-c", "show bgp neighbors " + config.jbgpdAddress())
                + lab.inPeer("vtysh", "--vty_socket", dir.toString(), "-d", "bgpd", "-c", "show bgp neighbors " + config.jbgpdAddress() + " json");
    }
}
