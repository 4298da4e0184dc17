package org.jbgpd.config;

import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;

/** A prefix jbgpd originates. {@code nextHop} null means our own address on each session. */
public record AnnounceConfig(IpPrefix prefix, IpAddress nextHop) {}
