package org.jbgpd.config;

import org.jbgpd.wire.IpAddress;

/** Prometheus endpoint ({@code /metrics}); loopback by default because it needs no secrets to read. */
public record MetricsConfig(boolean enabled, IpAddress address, int port) {}
