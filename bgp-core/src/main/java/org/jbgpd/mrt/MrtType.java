package org.jbgpd.mrt;

/** MRT record types and subtypes (RFC 6396 section 4, RFC 8050) that jbgpd reads. */
public final class MrtType {
    private MrtType() {}

    public static final int TABLE_DUMP = 12;
    public static final int TABLE_DUMP_V2 = 13;
    public static final int BGP4MP = 16;
    public static final int BGP4MP_ET = 17;

    // TABLE_DUMP subtypes: the AFI of the entry. 3 and 4 are the 4-octet AS variants bgpdump reads.
    public static final int TD_AFI_IPV4 = 1;
    public static final int TD_AFI_IPV6 = 2;
    public static final int TD_AFI_IPV4_AS4 = 3;
    public static final int TD_AFI_IPV6_AS4 = 4;

    // TABLE_DUMP_V2 subtypes.
    public static final int PEER_INDEX_TABLE = 1;
    public static final int RIB_IPV4_UNICAST = 2;
    public static final int RIB_IPV4_MULTICAST = 3;
    public static final int RIB_IPV6_UNICAST = 4;
    public static final int RIB_IPV6_MULTICAST = 5;
    public static final int RIB_GENERIC = 6;
    public static final int RIB_IPV4_UNICAST_ADDPATH = 8;
    public static final int RIB_IPV4_MULTICAST_ADDPATH = 9;
    public static final int RIB_IPV6_UNICAST_ADDPATH = 10;
    public static final int RIB_IPV6_MULTICAST_ADDPATH = 11;
    public static final int RIB_GENERIC_ADDPATH = 12;

    // BGP4MP / BGP4MP_ET subtypes.
    public static final int STATE_CHANGE = 0;
    public static final int MESSAGE = 1;
    public static final int MESSAGE_AS4 = 4;
    public static final int STATE_CHANGE_AS4 = 5;
    public static final int MESSAGE_LOCAL = 6;
    public static final int MESSAGE_AS4_LOCAL = 7;
    public static final int MESSAGE_ADDPATH = 8;
    public static final int MESSAGE_AS4_ADDPATH = 9;
    public static final int MESSAGE_LOCAL_ADDPATH = 10;
    public static final int MESSAGE_AS4_LOCAL_ADDPATH = 11;
}
