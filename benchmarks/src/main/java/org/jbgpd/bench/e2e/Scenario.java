package org.jbgpd.bench.e2e;

/**
 * What the feeder announces. {@code UNIFORM_V4}: N consecutive /24s from 10.0.0.0 upward, one
 * attribute set (what the reference figures used). {@code DIVERSE_V4}: the same
 * prefixes, each carrying one of N/8 attribute sets built from real AS paths and communities
 * (RIPE RIS, see {@link AttributePool}), scattered so neighbouring prefixes rarely share one,
 * as in a real full table. {@code UNIFORM_V6}: N /56s in 2001:db8::/32, one attribute set,
 * over an IPv6 session. The prefixes are only keys in the isolated receiver namespace's tables.
 */
enum Scenario {
    UNIFORM_V4("uniform-v4", false, false, "IPv4 /24s, one attribute set"),
    DIVERSE_V4("diverse-v4", false, true, "IPv4 /24s, N/8 distinct real AS paths + communities"),
    UNIFORM_V6("uniform-v6", true, false, "IPv6 /56s, one attribute set");

    final String id;
    final boolean v6;
    final boolean diverse;
    final String description;

    Scenario(String id, boolean v6, boolean diverse, String description) {
        this.id = id;
        this.v6 = v6;
        this.diverse = diverse;
        this.description = description;
    }

    /** The feeder's address on the veth, of this scenario's family: BGP next hop and floor gateway. */
    String feederAddress() {
        return v6 ? Topology.FEEDER_V6 : Topology.FEEDER_V4;
    }

    static Scenario of(String id) {
        for (Scenario s : values()) if (s.id.equals(id)) return s;
        throw new IllegalArgumentException("unknown scenario '" + id + "' (known: uniform-v4, diverse-v4, uniform-v6)");
    }

    /** The largest N the prefix scheme supports (keeps IPv4 below 127.0.0.0). */
    long maxRoutes() {
        return v6 ? 1L << 24 : (127L - 10) << 16;
    }
}
