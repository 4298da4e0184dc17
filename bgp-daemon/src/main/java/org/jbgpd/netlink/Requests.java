package org.jbgpd.netlink;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Request and reply on a netlink socket, one request at a time: a small native buffer to encode
 * the request in, a receive buffer with cursors to read the replies in place, and the sequence
 * numbers that tie them together. Replies carrying another sequence number (late answers to an
 * earlier request) are skipped. Used by the dumps and the single lookups.
 */
final class Requests implements AutoCloseable {
    /** Takes one reply message under the cursor; returns true when the answer is complete. */
    @FunctionalInterface
    interface Handler {
        boolean reply(MessageCursor in) throws NetlinkException;
    }

    private final NetlinkSocket socket;
    private final Arena arena = Arena.ofShared();
    private final MessageCursor in;
    final MessageWriter out;
    final MessageCursor.AttributeCursor attrs;
    final MessageCursor.AttributeCursor nested;
    /** Reused for every route read from a reply. */
    final RouteView view = new RouteView();
    private int seq;

    /** @param firstSeq where this requester's sequence numbers start (distinct per user, for debugging) */
    Requests(NetlinkSocket socket, int requestBytes, int replyBytes, int firstSeq) {
        this.socket = socket;
        this.seq = firstSeq;
        this.out = new MessageWriter(arena.allocate(requestBytes, 8));
        MemorySegment rx = arena.allocate(replyBytes, 8);
        this.in = new MessageCursor(rx);
        this.attrs = new MessageCursor.AttributeCursor(rx);
        this.nested = new MessageCursor.AttributeCursor(rx);
    }

    /** Starts a request: empties the request buffer and returns the sequence number to use. */
    int begin() {
        out.reset();
        return ++seq;
    }

    /** Sends the request encoded in {@link #out}. */
    void send() throws NetlinkException {
        socket.send(out.buffer(), out.position());
    }

    /** Hands every reply to request {@code seq} to the handler until it says the answer is complete. */
    void read(int seq, Handler handler) throws NetlinkException {
        while (true) {
            int n = socket.receive(in.buffer(), true);
            in.reset(n);
            while (in.next()) {
                if (in.seq() == seq && handler.reply(in)) return;
            }
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
