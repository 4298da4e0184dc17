package org.jbgpd.wire;

/**
 * An IP prefix, always normalised (no bits set past {@code length}). This is the value type for
 * config, the control plane and tests; hot paths (NLRI decode, RIB, netlink) carry the same
 * information as primitives: see {@link #packV4(int, int)}.
 */
public record IpPrefix(IpAddress address, int length) implements Comparable<IpPrefix> {

    public IpPrefix {
        if (address == null) throw new IllegalArgumentException("address is null");
        int max = address.family().addressBits();
        if (length < 0 || length > max) throw new IllegalArgumentException("prefix length " + length + " is not in 0.." + max);
        if (!isNormalised(address, length)) {
            throw new IllegalArgumentException(address + "/" + length + " has host bits set (did you mean " + normalise(address, length) + "/" + length + "?)");
        }
    }

    /** Builds a prefix, clearing any bits past {@code length}. */
    public static IpPrefix of(IpAddress address, int length) {
        return new IpPrefix(normalise(address, length), length);
    }

    /** Parses "198.51.100.0/24" or "2001:db8::/32"; host bits set are an error, not silently cleared. */
    public static IpPrefix parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("not a prefix (address/length): " + text);
        IpAddress a = IpAddress.parse(text.substring(0, slash));
        int len;
        try {
            len = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a prefix length: " + text.substring(slash + 1));
        }
        return new IpPrefix(a, len);
    }

    public Family family() { return address.family(); }

    public boolean contains(IpAddress a) {
        if (a.family() != family()) return false;
        return normalise(a, length).equals(address);
    }

    public boolean contains(IpPrefix p) {
        return p.family() == family() && p.length >= length && contains(p.address);
    }

    /**
     * Packs an IPv4 prefix into one long: address in bits 63..32, length in bits 7..0. Ordering of
     * packed values is address order, then length.
     */
    public static long packV4(int address, int length) {
        return (address & 0xffff_ffffL) << 32 | (length & 0xff);
    }

    public static int packedV4Address(long packed) { return (int) (packed >>> 32); }

    public static int packedV4Length(long packed) { return (int) (packed & 0xff); }

    public static IpPrefix unpackV4(long packed) {
        return new IpPrefix(IpAddress.ofV4(packedV4Address(packed)), packedV4Length(packed));
    }

    @Override
    public int compareTo(IpPrefix o) {
        int c = address.compareTo(o.address);
        return c != 0 ? c : Integer.compare(length, o.length);
    }

    @Override
    public String toString() { return address + "/" + length; }

    private static boolean isNormalised(IpAddress a, int len) {
        return normalise(a, len).equals(a);
    }

    private static IpAddress normalise(IpAddress a, int len) {
        if (a.isV4()) {
            long mask = len == 0 ? 0 : (0xffff_ffffL << (32 - len)) & 0xffff_ffffL;
            return new IpAddress(a.family(), a.hi() & mask, 0);
        }
        long hiMask = len >= 64 ? -1L : len == 0 ? 0 : -1L << (64 - len);
        long loMask = len <= 64 ? 0 : len == 128 ? -1L : -1L << (128 - len);
        return new IpAddress(a.family(), a.hi() & hiMask, a.lo() & loMask);
    }
}
