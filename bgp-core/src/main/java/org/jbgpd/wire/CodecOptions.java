package org.jbgpd.wire;

import java.util.EnumSet;
import java.util.Set;

/**
 * What the two speakers negotiated that changes the encoding, for one direction of one session.
 * Before the OPEN exchange use {@link #DEFAULT}; afterwards the session builds one for decoding
 * (add-path families it may receive) and one for encoding (families it may send with path ids).
 *
 * @param fourOctetAs     both sides announced the 4-octet AS capability (RFC 6793)
 * @param extendedMessage both sides announced extended messages: the limit is 65535, not 4096 (RFC 8654)
 * @param addPath         families whose NLRI carry a path identifier in this direction (RFC 7911)
 */
public record CodecOptions(boolean fourOctetAs, boolean extendedMessage, Set<Family> addPath) {

    public static final int MAX_MESSAGE_LENGTH = 4096;
    public static final int MAX_EXTENDED_MESSAGE_LENGTH = 65535;

    /** Before capabilities are known: 2-octet AS, 4096-octet messages, no path identifiers. */
    public static final CodecOptions DEFAULT = new CodecOptions(false, false, Set.of());

    public CodecOptions {
        addPath = addPath.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(addPath));
    }

    public boolean addPath(Family family) { return addPath.contains(family); }

    /** The largest message accepted or produced. OPEN and KEEPALIVE stay at 4096 regardless. */
    public int maxMessageLength() { return extendedMessage ? MAX_EXTENDED_MESSAGE_LENGTH : MAX_MESSAGE_LENGTH; }
}
