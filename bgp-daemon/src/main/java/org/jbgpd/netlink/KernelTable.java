package org.jbgpd.netlink;

/**
 * Where our routes live and how they are marked: the kernel table, the protocol number that
 * identifies them as ours (RTPROT_BGP by default), and their metric. Routes with another
 * protocol, in another table, are never touched.
 */
public record KernelTable(int table, int protocol, int metric) {
    public KernelTable {
        if (table <= 0 || table == Rtnetlink.RT_TABLE_LOCAL) throw new IllegalArgumentException("kernel table must be positive and not 255 (local): " + table);
        if (protocol < 5 || protocol > 255) throw new IllegalArgumentException("kernel protocol must be in 5..255 (0-4 belong to the kernel): " + protocol);
        if (metric < 0) throw new IllegalArgumentException("metric must not be negative: " + metric);
    }

    /** table 254 (main), protocol 186 (bgp), metric 20: the config defaults. */
    public static KernelTable defaults() {
        return new KernelTable(Rtnetlink.RT_TABLE_MAIN, Rtnetlink.RTPROT_BGP, 20);
    }
}
