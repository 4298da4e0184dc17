package org.jbgpd.netlink;

/**
 * Where our routes live and how they are marked: the kernel table, the protocol number that
 * identifies them as ours (RTPROT_BGP by default), and their metric. Routes with another
 * protocol, in another table, are never touched.
 */
public record KernelTable(int table, int protocol, int metric) {
    /** {@code table} and {@code metric} are unsigned 32-bit values, as in the kernel. */
    public KernelTable {
        if (table == 0 || table == Rtnetlink.RT_TABLE_LOCAL) throw new IllegalArgumentException("kernel table must not be 0 or 255 (local): " + Integer.toUnsignedString(table));
        if (protocol < 5 || protocol > 255) throw new IllegalArgumentException("kernel protocol must be in 5..255 (0-4 belong to the kernel): " + protocol);
    }

    /** From config values: table in 1..4294967295 (not 255), metric in 0..4294967295. */
    public static KernelTable of(long table, int protocol, long metric) {
        if (table < 1 || table > 0xffff_ffffL) throw new IllegalArgumentException("kernel table must be in 1..4294967295: " + table);
        if (metric < 0 || metric > 0xffff_ffffL) throw new IllegalArgumentException("kernel metric must be in 0..4294967295: " + metric);
        return new KernelTable((int) table, protocol, (int) metric);
    }

    /** table 254 (main), protocol 186 (bgp), metric 20: the config defaults. */
    public static KernelTable defaults() {
        return new KernelTable(Rtnetlink.RT_TABLE_MAIN, Rtnetlink.RTPROT_BGP, 20);
    }
}
