package org.jbgpd.mrt;

/**
 * One MRT record: the common header and the body bytes. For BGP4MP_ET the microsecond field is
 * taken out of the body (RFC 6396 counts it in the length), so {@code body} is the same shape for
 * BGP4MP and BGP4MP_ET.
 *
 * @param index position in the file, from 0 (for messages)
 * @param offset byte offset of the header in the (decompressed) stream (for messages)
 */
public record MrtRecord(long index, long offset, long timestamp, int microseconds, int type, int subtype, byte[] body) {

    public boolean extendedTimestamp() { return type == MrtType.BGP4MP_ET; }
}
