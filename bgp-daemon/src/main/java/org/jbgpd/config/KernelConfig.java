package org.jbgpd.config;

/**
 * How routes reach the kernel. {@code protocol} marks our routes (186 = "bgp" in
 * /etc/iproute2/rt_protos) so we never touch anyone else's; {@code keepOnExit} leaves them in
 * place when jbgpd stops, so forwarding survives a restart; {@code nexthopObjects} has routes
 * name kernel nexthop objects (Linux 5.3+) instead of carrying their gateways (ADR 0091).
 */
public record KernelConfig(boolean enabled, long table, int protocol, long metric, boolean ecmp, boolean keepOnExit,
                           boolean nexthopObjects) {
    /** The default of {@code nexthopObjects} (the same as NetlinkFib.Settings'; config does not import netlink). */
    public static final boolean NEXTHOP_OBJECTS_DEFAULT = false;

    /** A kernel config with nexthop objects as by default. */
    public KernelConfig(boolean enabled, long table, int protocol, long metric, boolean ecmp, boolean keepOnExit) {
        this(enabled, table, protocol, metric, ecmp, keepOnExit, NEXTHOP_OBJECTS_DEFAULT);
    }
}
