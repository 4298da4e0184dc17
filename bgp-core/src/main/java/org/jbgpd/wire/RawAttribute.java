package org.jbgpd.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A path attribute jbgpd does not interpret, kept byte for byte: its flags octet (Optional,
 * Transitive, Partial; the Extended Length bit is not kept, the encoder picks the length form),
 * type code and value. Immutable.
 */
public final class RawAttribute {

    public static final int OPTIONAL = 0x80;
    public static final int TRANSITIVE = 0x40;
    public static final int PARTIAL = 0x20;
    public static final int EXTENDED_LENGTH = 0x10;

    private final int flags;
    private final int code;
    private final byte[] value;

    public RawAttribute(int flags, int code, byte[] value) {
        this(flags, code, value.clone(), true);
    }

    /** No copy: the decoder hands over a fresh array. */
    static RawAttribute owning(int flags, int code, byte[] value) {
        return new RawAttribute(flags & ~EXTENDED_LENGTH & 0xff, code, value, true);
    }

    private RawAttribute(int flags, int code, byte[] value, boolean checked) {
        if ((flags & ~0xe0) != 0) throw new IllegalArgumentException("flags hold only Optional, Transitive, Partial: 0x" + Integer.toHexString(flags));
        if ((code & ~0xff) != 0) throw new IllegalArgumentException("attribute type code is one octet: " + code);
        if (value.length > 0xffff) throw new IllegalArgumentException("attribute value longer than 65535 octets");
        this.flags = flags;
        this.code = code;
        this.value = value;
    }

    public int flags() { return flags; }

    public int code() { return code; }

    /** The value octets (a copy). */
    public byte[] value() { return value.clone(); }

    public int length() { return value.length; }

    byte[] valueNoCopy() { return value; }

    public boolean optional() { return (flags & OPTIONAL) != 0; }

    public boolean transitive() { return (flags & TRANSITIVE) != 0; }

    public boolean partial() { return (flags & PARTIAL) != 0; }

    /** The same attribute with the Partial bit set (RFC 4271 §5: an unrecognised optional transitive attribute passed on). */
    public RawAttribute withPartial() {
        return partial() ? this : new RawAttribute(flags | PARTIAL, code, value, true);
    }

    @Override public boolean equals(Object o) {
        return o instanceof RawAttribute r && r.flags == flags && r.code == code && Arrays.equals(r.value, value);
    }

    @Override public int hashCode() { return (flags * 31 + code) * 31 + Arrays.hashCode(value); }

    @Override public String toString() {
        return "RawAttribute[flags=0x" + Integer.toHexString(flags) + ", code=" + code + ", value=" + HexFormat.of().formatHex(value) + "]";
    }
}
