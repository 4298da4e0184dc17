package org.jbgpd.transport;

/** BIRD 1.6 (Debian's `bird`/`bird6`, what Calico's fork is based on) or BIRD 2 (unpacked at /opt/bird2). */
final class BirdDaemon extends PeerDaemon {

    static final String BIRD2 = "/opt/bird2/usr/sbin/bird";
    private final boolean version2;
    private java.util.List<String> staticRoutes = java.util.List.of();

    BirdDaemon(PeerLab lab, Config config, boolean version2) {
        super(lab, config);
        this.version2 = version2;
    }

    @Override
    String name() { return version2 ? "BIRD 2" : "BIRD 1.6"; }

    private String daemon() {
        if (version2) return BIRD2;
        return config.ipv6() ? "/usr/sbin/bird6" : "/usr/sbin/bird";
    }

    private String client() {
        if (version2) return "/opt/bird2/usr/sbin/birdc";
        return config.ipv6() ? "/usr/sbin/birdc6" : "/usr/sbin/birdc";
    }

    private boolean addPathsTx;
    private boolean gracefulRestart;
    private int holdTime = 3;

    /**
     * Before start: BIRD's hold time (keepalive a third of it) instead of 3 s. The session's hold time is the smaller
     * of both OPENs' (RFC 4271 §4.2), so a longer one on jbgpd's side alone changes nothing.
     */
    void holdTime(int seconds) {
        holdTime = seconds;
    }

    /** Before start: full graceful restart support (`graceful restart on`), so the peer keeps our routes across a crash. */
    void gracefulRestart() {
        gracefulRestart = true;
    }

    /** Before start: send several paths per prefix (ADD-PATH tx, RFC 7911). */
    void addPathsTx() {
        addPathsTx = true;
    }

    /** Before start: originate these IPv4 prefixes (blackhole statics) and export them to jbgpd. */
    void exportStatic(java.util.List<String> prefixes) {
        staticRoutes = java.util.List.copyOf(prefixes);
    }

    /** `birdc show route PREFIX all` in BIRD's own words. */
    String showRoute(String prefix) {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(client(), "-s", dir.resolve("bird.ctl").toString(), "show", "route"));
        cmd.addAll(java.util.List.of(prefix.split(" ")));
        return lab.inPeer(cmd.toArray(String[]::new));
    }

    @Override
    void start() {
        StringBuilder c = new StringBuilder();
        // BIRD's own account of each session (state changes, collisions, why it closed one) in daemon.log, which
        // every failure prints (that trace showed what caused BIRD 1.6's Cease 6/0 right after Established: ADR 0050).
        c.append("log stderr all;\ndebug protocols { states, events };\n");
        c.append("router id ").append(config.routerId()).append(";\n");
        c.append("protocol device { }\n");
        if (!staticRoutes.isEmpty()) {
            c.append("protocol static s4 {\n").append(version2 ? "  ipv4;\n" : "");
            for (String r : staticRoutes) c.append("  route ").append(r).append(" blackhole;\n");
            c.append("}\n");
        }
        String export = staticRoutes.isEmpty() ? "none" : "all";
        c.append("protocol bgp jb {\n");
        c.append("  local ").append(config.localAddress()).append(" as ").append(config.as()).append(";\n");
        c.append("  neighbor ").append(config.jbgpdAddress()).append(" as ").append(config.jbgpdAs()).append(";\n");
        c.append("  hold time ").append(holdTime).append("; keepalive time ").append(Math.max(1, holdTime / 3))
                .append("; connect retry time 1; connect delay time 1; error wait time 1, 2;\n");
        if (!version2) c.append("  start delay time 1;\n");
        if (config.passive()) c.append("  passive on;\n");
        if (gracefulRestart) c.append("  graceful restart on;\n");
        if (config.password() != null) c.append("  password \"").append(config.password()).append("\";\n");
        if (config.ttlSecurity() > 0) {
            c.append("  ttl security on;\n");
            if (config.ttlSecurity() > 1) c.append("  multihop ").append(config.ttlSecurity()).append(";\n");
        } else if (config.as() != config.jbgpdAs()) {
            c.append("  direct;\n");
        }
        if (version2) {
            c.append("  ipv4 { import all; export ").append(export).append(";").append(addPathsTx ? " add paths tx;" : "").append(" };\n");
            c.append("  ipv6 { import all; export none; };\n");
        } else {
            c.append("  import all; export ").append(export).append(";\n");
            if (addPathsTx) c.append("  add paths tx;\n");
        }
        c.append("}\n");
        write("bird.conf", c.toString());
        launch(daemon(), "-f", "-c", dir.resolve("bird.conf").toString(), "-s", dir.resolve("bird.ctl").toString());
    }

    /** `birdc disable jb`: BIRD sends Cease 6/2 (BIRD 2 with a shutdown message). */
    void disable() {
        String out = version2
                ? lab.inPeer(client(), "-s", dir.resolve("bird.ctl").toString(), "disable", "jb", "\"bird says bye\"")
                : lab.inPeer(client(), "-s", dir.resolve("bird.ctl").toString(), "disable", "jb");
        if (!out.contains("disabled")) throw new AssertionError("birdc disable: " + out);
    }

    @Override
    boolean established() {
        return status().contains("Established");
    }

    @Override
    String status() {
        return lab.inPeer(client(), "-s", dir.resolve("bird.ctl").toString(), "show", "protocols", "all", "jb");
    }
}
