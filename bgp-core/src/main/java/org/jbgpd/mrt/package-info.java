/**
 * MRT (RFC 6396) reader: record framing over plain or gzip files, TABLE_DUMP, TABLE_DUMP_V2 (with
 * the RFC 8050 add-path subtypes) and BGP4MP / BGP4MP_ET, and a printer whose text matches
 * {@code bgpdump -m} line for line. Path attributes are decoded by {@code org.jbgpd.wire}.
 */
package org.jbgpd.mrt;
