package org.jbgpd.netlink;

/**
 * Reads the replies to one request: every message carrying the request's sequence number goes to
 * the handler until it says the answer is complete (a dump's NLMSG_DONE, a lookup's one reply).
 * Replies to other requests (late answers to an earlier one) are skipped.
 */
final class Replies {
    /** Takes one reply message under the cursor; returns true when the answer is complete. */
    @FunctionalInterface
    interface Handler {
        boolean reply(MessageCursor in) throws NetlinkException;
    }

    private Replies() {}

    static void read(NetlinkSocket socket, MessageCursor in, int seq, Handler handler) throws NetlinkException {
        while (true) {
            int n = socket.receive(in.buffer(), true);
            in.reset(n);
            while (in.next()) {
                if (in.seq() == seq && handler.reply(in)) return;
            }
        }
    }
}
