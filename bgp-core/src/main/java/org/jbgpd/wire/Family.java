package org.jbgpd.wire;

/**
 * The address families jbgpd routes (RFC 4760 AFI/SAFI pairs). Other pairs seen on the wire are
 * kept as numbers by the codec and never become a Family.
 */
public enum Family {
    IPV4_UNICAST(1, 1, "ipv4"),
    IPV6_UNICAST(2, 1, "ipv6");

    public static final int AFI_IPV4 = 1;
    public static final int AFI_IPV6 = 2;
    public static final int SAFI_UNICAST = 1;

    private final int afi;
    private final int safi;
    private final String configName;

    Family(int afi, int safi, String configName) {
        this.afi = afi;
        this.safi = safi;
        this.configName = configName;
    }

    public int afi() { return afi; }

    public int safi() { return safi; }

    /** The name used in config files and CLI output: "ipv4", "ipv6". */
    public String configName() { return configName; }

    /** Address length in bits: 32 or 128. */
    public int addressBits() { return this == IPV4_UNICAST ? 32 : 128; }

    /** The family for an AFI/SAFI pair, or null when jbgpd does not route it. */
    public static Family of(int afi, int safi) {
        if (safi != SAFI_UNICAST) return null;
        return switch (afi) {
            case AFI_IPV4 -> IPV4_UNICAST;
            case AFI_IPV6 -> IPV6_UNICAST;
            default -> null;
        };
    }

    /** The family for a config name ("ipv4", "ipv6"), or null. */
    public static Family ofConfigName(String name) {
        for (Family f : values()) if (f.configName.equals(name)) return f;
        return null;
    }
}
