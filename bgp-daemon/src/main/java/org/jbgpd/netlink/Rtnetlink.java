package org.jbgpd.netlink;

/**
 * The numbers of the netlink and rtnetlink protocols (linux/netlink.h, linux/rtnetlink.h) that
 * jbgpd uses. They are kernel ABI: fixed forever.
 */
public final class Rtnetlink {
    private Rtnetlink() {}

    // struct nlmsghdr { u32 len; u16 type; u16 flags; u32 seq; u32 pid; }
    public static final int NLMSG_HDRLEN = 16;
    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;

    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_MULTI = 0x2;
    public static final int NLM_F_ACK = 0x4;
    public static final int NLM_F_DUMP_INTR = 0x10;
    public static final int NLM_F_DUMP = 0x300;
    public static final int NLM_F_REPLACE = 0x100;
    public static final int NLM_F_CREATE = 0x400;
    /** In an NLMSG_ERROR: the original request was cut down to its header (NETLINK_CAP_ACK). */
    public static final int NLM_F_CAPPED = 0x100;
    /** In an NLMSG_ERROR: extended-ACK attributes follow. */
    public static final int NLM_F_ACK_TLVS = 0x200;
    public static final int NLMSGERR_ATTR_MSG = 1;

    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;
    public static final int RTM_NEWROUTE = 24;
    public static final int RTM_DELROUTE = 25;
    public static final int RTM_GETROUTE = 26;
    /** Kernel nexthop objects (Linux 5.3+, linux/nexthop.h): created once, referenced by routes with RTA_NH_ID (ADR 0091). */
    public static final int RTM_NEWNEXTHOP = 104;
    public static final int RTM_DELNEXTHOP = 105;
    public static final int RTM_GETNEXTHOP = 106;
    public static final int NLM_F_EXCL = 0x200;

    // struct nhmsg { u8 nh_family, nh_scope, nh_protocol, resvd; u32 nh_flags; }
    public static final int NHMSG_LEN = 8;
    public static final int NHA_ID = 1;
    /** An array of struct nexthop_grp { u32 id; u8 weight; u8 resvd1; u16 resvd2; } (weight is weight - 1). */
    public static final int NHA_GROUP = 2;
    public static final int NHA_GROUP_TYPE = 3;
    public static final int NHA_BLACKHOLE = 4;
    public static final int NHA_OIF = 5;
    public static final int NHA_GATEWAY = 6;
    public static final int NEXTHOP_GRP_LEN = 8;
    public static final int AF_UNSPEC = 0;

    // struct rtmsg { u8 family, dst_len, src_len, tos, table, protocol, scope, type; u32 flags; }
    public static final int RTMSG_LEN = 12;
    public static final int RTA_HDRLEN = 4;
    public static final int RTNH_LEN = 8;

    public static final int RTA_DST = 1;
    public static final int RTA_OIF = 4;
    public static final int RTA_GATEWAY = 5;
    public static final int RTA_PRIORITY = 6;
    public static final int RTA_PREFSRC = 7;
    public static final int RTA_MULTIPATH = 9;
    public static final int RTA_TABLE = 15;
    public static final int RTA_VIA = 18;
    /** The id of the kernel nexthop object a route uses, instead of RTA_GATEWAY/RTA_OIF/RTA_MULTIPATH. */
    public static final int RTA_NH_ID = 30;

    public static final int RT_TABLE_UNSPEC = 0;
    public static final int RT_TABLE_MAIN = 254;
    public static final int RT_TABLE_LOCAL = 255;
    public static final int RTPROT_KERNEL = 2;
    public static final int RTPROT_BGP = 186;
    public static final int RT_SCOPE_UNIVERSE = 0;
    public static final int RT_SCOPE_LINK = 253;
    public static final int RT_SCOPE_NOWHERE = 255;
    public static final int RTN_UNICAST = 1;

    public static final int RTNH_F_DEAD = 1;
    public static final int RTNH_F_ONLINK = 4;
    public static final int RTNH_F_LINKDOWN = 16;

    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    public static final int RTNLGRP_LINK = 1;
    public static final int RTNLGRP_IPV4_IFADDR = 5;
    public static final int RTNLGRP_IPV4_ROUTE = 7;
    public static final int RTNLGRP_IPV6_IFADDR = 9;
    public static final int RTNLGRP_IPV6_ROUTE = 11;
    public static final int RTNLGRP_NEXTHOP = 32;

    /** NLMSG_ALIGN / RTA_ALIGN / RTNH_ALIGN: all round up to 4 bytes. */
    public static int align(int length) {
        return (length + 3) & ~3;
    }
}
