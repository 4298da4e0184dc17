package org.jbgpd.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * One capability advertised in an OPEN message (RFC 5492). The capabilities jbgpd understands
 * are typed records; anything else is an {@link Unknown} that keeps its code and value octets, so
 * that an unfamiliar capability is never an error.
 *
 * <p>AFI and SAFI are kept as numbers everywhere: a peer may offer families jbgpd does not route,
 * and the session simply leaves them out of the negotiated set.
 */
public sealed interface Capability {

    int MULTIPROTOCOL = 1;
    int ROUTE_REFRESH = 2;
    int EXTENDED_NEXT_HOP = 5;
    int EXTENDED_MESSAGE = 6;
    int GRACEFUL_RESTART = 64;
    int FOUR_OCTET_AS = 65;
    int ADD_PATH = 69;
    int ENHANCED_ROUTE_REFRESH = 70;
    int LONG_LIVED_GRACEFUL_RESTART = 71;
    int FQDN = 73;

    /** The capability code octet. */
    int code();

    private static void checkAfiSafi(int afi, int safi) {
        if ((afi & ~0xffff) != 0 || (safi & ~0xff) != 0) throw new IllegalArgumentException("AFI/SAFI out of range: " + afi + "/" + safi);
    }

    /** Multiprotocol extensions (RFC 4760), one per AFI/SAFI. */
    record Multiprotocol(int afi, int safi) implements Capability {
        public Multiprotocol { checkAfiSafi(afi, safi); }

        public static Multiprotocol of(Family family) { return new Multiprotocol(family.afi(), family.safi()); }

        /** The family, or null when jbgpd does not route it. */
        public Family family() { return Family.of(afi, safi); }

        @Override public int code() { return MULTIPROTOCOL; }
    }

    /** Route refresh (RFC 2918). */
    record RouteRefresh() implements Capability {
        @Override public int code() { return ROUTE_REFRESH; }
    }

    /** Enhanced route refresh (RFC 7313). */
    record EnhancedRouteRefresh() implements Capability {
        @Override public int code() { return ENHANCED_ROUTE_REFRESH; }
    }

    /** Extended messages up to 65535 octets (RFC 8654). */
    record ExtendedMessage() implements Capability {
        @Override public int code() { return EXTENDED_MESSAGE; }
    }

    /** 4-octet AS numbers (RFC 6793); {@code asNumber} is unsigned 32-bit. */
    record FourOctetAs(long asNumber) implements Capability {
        public FourOctetAs {
            if ((asNumber & ~0xffff_ffffL) != 0) throw new IllegalArgumentException("AS number out of range: " + asNumber);
        }

        @Override public int code() { return FOUR_OCTET_AS; }
    }

    /**
     * Graceful restart (RFC 4724). {@code flags} are the 4 high bits of the first octet
     * ({@link #RESTART_STATE} R, {@link #NOTIFICATION} N of RFC 8538), {@code restartTime} the
     * 12-bit time in seconds.
     */
    record GracefulRestart(int flags, int restartTime, List<GrFamily> families) implements Capability {
        public static final int RESTART_STATE = 0x8;
        public static final int NOTIFICATION = 0x4;

        public GracefulRestart {
            if ((flags & ~0xf) != 0) throw new IllegalArgumentException("graceful restart flags are 4 bits: " + flags);
            if ((restartTime & ~0xfff) != 0) throw new IllegalArgumentException("restart time is 12 bits (0..4095): " + restartTime);
            families = List.copyOf(families);
        }

        public boolean restartState() { return (flags & RESTART_STATE) != 0; }

        /** RFC 8538: the speaker also keeps routes across a NOTIFICATION (except Hard Reset). */
        public boolean notificationSupported() { return (flags & NOTIFICATION) != 0; }

        @Override public int code() { return GRACEFUL_RESTART; }
    }

    /** A family in the graceful restart capability; bit 0x80 of {@code flags} is "forwarding state preserved". */
    record GrFamily(int afi, int safi, int flags) {
        public static final int FORWARDING_PRESERVED = 0x80;

        public GrFamily {
            checkAfiSafi(afi, safi);
            if ((flags & ~0xff) != 0) throw new IllegalArgumentException("flags are one octet: " + flags);
        }

        public boolean forwardingPreserved() { return (flags & FORWARDING_PRESERVED) != 0; }

        public Family family() { return Family.of(afi, safi); }
    }

    /**
     * Long-lived graceful restart (RFC 9494). BIRD 1.6 sends it with no families at all; that is a
     * valid, empty capability here.
     */
    record LongLivedGracefulRestart(List<LlgrFamily> families) implements Capability {
        public LongLivedGracefulRestart { families = List.copyOf(families); }

        @Override public int code() { return LONG_LIVED_GRACEFUL_RESTART; }
    }

    /** A family in the LLGR capability: flags (0x80 = forwarding preserved) and a 24-bit stale time in seconds. */
    record LlgrFamily(int afi, int safi, int flags, int staleTime) {
        public LlgrFamily {
            checkAfiSafi(afi, safi);
            if ((flags & ~0xff) != 0) throw new IllegalArgumentException("flags are one octet: " + flags);
            if ((staleTime & ~0xff_ffff) != 0) throw new IllegalArgumentException("stale time is 24 bits: " + staleTime);
        }

        public Family family() { return Family.of(afi, safi); }
    }

    /** ADD-PATH (RFC 7911): per family, whether the speaker can receive, send or both. */
    record AddPath(List<AddPathFamily> families) implements Capability {
        public AddPath { families = List.copyOf(families); }

        @Override public int code() { return ADD_PATH; }
    }

    /** An ADD-PATH family; {@code sendReceive} is 1 (receive), 2 (send) or 3 (both). */
    record AddPathFamily(int afi, int safi, int sendReceive) {
        public static final int RECEIVE = 1;
        public static final int SEND = 2;
        public static final int BOTH = 3;

        public AddPathFamily {
            checkAfiSafi(afi, safi);
            if ((sendReceive & ~0xff) != 0) throw new IllegalArgumentException("send/receive is one octet: " + sendReceive);
        }

        public boolean canReceive() { return (sendReceive & RECEIVE) != 0; }

        public boolean canSend() { return (sendReceive & SEND) != 0; }

        public Family family() { return Family.of(afi, safi); }
    }

    /** Extended next hop encoding (RFC 8950): NLRI of one AFI/SAFI may carry next hops of another AFI. */
    record ExtendedNextHop(List<ExtendedNextHopEntry> entries) implements Capability {
        public ExtendedNextHop { entries = List.copyOf(entries); }

        @Override public int code() { return EXTENDED_NEXT_HOP; }
    }

    /** One RFC 8950 tuple: NLRI AFI, NLRI SAFI (two octets on the wire), next hop AFI. */
    record ExtendedNextHopEntry(int nlriAfi, int nlriSafi, int nextHopAfi) {
        public ExtendedNextHopEntry {
            if ((nlriAfi & ~0xffff) != 0 || (nlriSafi & ~0xffff) != 0 || (nextHopAfi & ~0xffff) != 0) {
                throw new IllegalArgumentException("extended next hop fields are 16 bits");
            }
        }
    }

    /** Hostname capability (draft-walton-bgp-hostname-capability, code 73): host and domain name. */
    record Fqdn(String hostname, String domainName) implements Capability {
        public Fqdn {
            if (hostname == null || domainName == null) throw new IllegalArgumentException("hostname and domain name may be empty, not null");
            if (hostname.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255
                    || domainName.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
                throw new IllegalArgumentException("hostname and domain name are at most 255 octets each");
            }
        }

        @Override public int code() { return FQDN; }
    }

    /** A capability jbgpd does not interpret: its code and value octets, kept as received. */
    record Unknown(int code, byte[] value) implements Capability {
        public Unknown {
            if ((code & ~0xff) != 0) throw new IllegalArgumentException("capability code is one octet: " + code);
            if (value.length > 255) throw new IllegalArgumentException("capability value is at most 255 octets");
            value = value.clone();
        }

        @Override public byte[] value() { return value.clone(); }

        @Override public boolean equals(Object o) { return o instanceof Unknown u && u.code == code && Arrays.equals(u.value, value); }

        @Override public int hashCode() { return code * 31 + Arrays.hashCode(value); }

        @Override public String toString() { return "Unknown[code=" + code + ", value=" + HexFormat.of().formatHex(value) + "]"; }
    }
}
