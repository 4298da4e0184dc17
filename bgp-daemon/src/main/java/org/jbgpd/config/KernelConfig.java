package org.jbgpd.config;

/**
 * How routes reach the kernel. {@code protocol} marks our routes (186 = "bgp" in
 * /etc/iproute2/rt_protos) so we never touch anyone else's; {@code keepOnExit} leaves them in
 * place when jbgpd stops, so forwarding survives a restart.
 */
public record KernelConfig(boolean enabled, long table, int protocol, long metric, boolean ecmp, boolean keepOnExit) {}
