package org.jbgpd.netlink;

/**
 * ENOBUFS on receive: the kernel dropped messages for this socket because its receive queue was
 * full. Whatever was lost is unknown, so the only sound recovery is a full dump and reconcile.
 */
public final class NetlinkOverrunException extends NetlinkException {
    public NetlinkOverrunException() {
        super("netlink receive queue overrun, messages were lost", Errno.ENOBUFS);
    }
}
