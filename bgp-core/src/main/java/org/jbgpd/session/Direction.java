package org.jbgpd.session;

/** Who opened a TCP connection; collision resolution (RFC 4271 §6.8) keeps the one the higher BGP Identifier opened. */
public enum Direction { OUTBOUND, INBOUND }
