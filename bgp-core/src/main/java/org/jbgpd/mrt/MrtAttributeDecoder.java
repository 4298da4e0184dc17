package org.jbgpd.mrt;

/**
 * The seam between MRT framing and the BGP codec: MRT finds where attributes and messages are,
 * the codec in {@code org.jbgpd.wire} decodes them.
 */
public interface MrtAttributeDecoder {

    /**
     * A bare path-attribute block as TABLE_DUMP and TABLE_DUMP_V2 store it (no UPDATE around it).
     * An MP_REACH_NLRI may be in the abbreviated form of RFC 6396 section 4.3.4.
     */
    LineAttributes attributes(byte[] buf, int offset, int length, boolean fourOctetAs);

    /**
     * A whole BGP UPDATE message (marker, length, type, body) as BGP4MP stores it; {@code addPath}
     * when the subtype says path identifiers are present. Returns null when the message cannot be
     * read at all.
     */
    UpdateLines update(byte[] buf, int offset, int length, boolean fourOctetAs, boolean addPath);
}
