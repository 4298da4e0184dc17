package org.jbgpd.netlink;

import java.io.IOException;

/** A failed netlink system call or a kernel error reply, with its errno. */
public class NetlinkException extends IOException {
    private final int errno;

    public NetlinkException(String what, int errno) {
        super(what + ": " + Errno.name(errno));
        this.errno = errno;
    }

    public int errno() { return errno; }
}
