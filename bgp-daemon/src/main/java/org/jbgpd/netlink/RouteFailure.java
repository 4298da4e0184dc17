package org.jbgpd.netlink;

import org.jbgpd.wire.IpPrefix;

/** The kernel refused one request of a batch: which prefix, what we asked, and why. */
public record RouteFailure(IpPrefix prefix, boolean withdraw, int errno, String kernelMessage) {
    @Override
    public String toString() {
        return (withdraw ? "delete " : "replace ") + prefix + ": " + Errno.name(errno)
                + (kernelMessage == null ? "" : " (" + kernelMessage + ")");
    }
}
