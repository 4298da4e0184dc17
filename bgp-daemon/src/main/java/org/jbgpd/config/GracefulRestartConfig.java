package org.jbgpd.config;

/** RFC 4724 graceful restart: what we advertise and how long we keep a restarting peer's routes. */
public record GracefulRestartConfig(boolean enabled, int restartTime) {}
