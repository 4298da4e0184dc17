package org.jbgpd.config;

import org.jbgpd.wire.IpAddress;

/** Where jbgpd accepts BGP connections. "::" accepts IPv4 too (dual-stack socket). */
public record ListenConfig(boolean enabled, IpAddress address, int port) {
    public static final int DEFAULT_PORT = 179;
}
