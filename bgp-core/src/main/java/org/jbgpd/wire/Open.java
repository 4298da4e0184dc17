package org.jbgpd.wire;

import java.util.List;

/**
 * OPEN (RFC 4271 §4.2) with its capabilities (RFC 5492).
 *
 * <p>{@code myAutonomousSystem} is the 2-octet header field; a speaker with a 4-octet AS puts
 * {@link #AS_TRANS} there and its real AS in {@link Capability.FourOctetAs}: use
 * {@link #asNumber()} for the peer's AS. {@code bgpIdentifier} is the 4-octet router id.
 * Capabilities keep the order in which they were received; the encoder sends them all in one
 * Capabilities optional parameter (never the RFC 9072 extended form, which BIRD 1.6 rejects).
 */
public record Open(int version, int myAutonomousSystem, int holdTime, int bgpIdentifier, List<Capability> capabilities)
        implements BgpMessage {

    public static final int VERSION = 4;
    /** RFC 6793: the 2-octet stand-in for a 4-octet AS. */
    public static final int AS_TRANS = 23456;

    public Open {
        if ((version & ~0xff) != 0) throw new IllegalArgumentException("version is one octet: " + version);
        if ((myAutonomousSystem & ~0xffff) != 0) throw new IllegalArgumentException("header AS is two octets: " + myAutonomousSystem);
        if ((holdTime & ~0xffff) != 0) throw new IllegalArgumentException("hold time is two octets: " + holdTime);
        capabilities = List.copyOf(capabilities);
    }

    /**
     * A version 4 OPEN for {@code asNumber} (unsigned 32-bit). The header carries AS_TRANS when the
     * AS does not fit two octets; the caller includes {@link Capability.FourOctetAs} in
     * {@code capabilities} when it wants to speak 4-octet AS.
     */
    public static Open of(long asNumber, int holdTime, IpAddress bgpIdentifier, List<Capability> capabilities) {
        if (!bgpIdentifier.isV4()) throw new IllegalArgumentException("a BGP identifier is an IPv4-style 32-bit value: " + bgpIdentifier);
        int headerAs = asNumber > 0xffff ? AS_TRANS : (int) asNumber;
        return new Open(VERSION, headerAs, holdTime, bgpIdentifier.v4(), capabilities);
    }

    /** The peer's AS: the 4-octet AS capability when present, else the header field. */
    public long asNumber() {
        for (Capability c : capabilities) if (c instanceof Capability.FourOctetAs f) return f.asNumber();
        return myAutonomousSystem;
    }

    public IpAddress bgpIdentifierAddress() { return IpAddress.ofV4(bgpIdentifier); }

    /** The first capability of the given class, or null. */
    public <C extends Capability> C capability(Class<C> type) {
        for (Capability c : capabilities) if (type.isInstance(c)) return type.cast(c);
        return null;
    }

    /** All capabilities of the given class (e.g. every {@link Capability.Multiprotocol}). */
    public <C extends Capability> List<C> capabilities(Class<C> type) {
        return capabilities.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public int type() { return TYPE_OPEN; }

    @Override
    public String toString() {
        return "Open[version=" + version + ", as=" + asNumber() + ", holdTime=" + holdTime + ", bgpId=" + bgpIdentifierAddress()
                + ", capabilities=" + capabilities + "]";
    }
}
