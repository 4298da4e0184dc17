package org.jbgpd.transport;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One TCP connection of a scripted BGP peer for real-socket tests: just enough framing for OPEN, KEEPALIVE and
 * NOTIFICATION. A reader thread queues whole messages and records how the stream ended (a FIN or a reset).
 */
public final class ScriptedPeer implements AutoCloseable {

    public static final int OPEN = 1;
    public static final int NOTIFICATION = 3;
    public static final int KEEPALIVE = 4;

    public record Message(int type, byte[] body) {
        @Override
        public String toString() { return "type " + type + " body " + Arrays.toString(body); }
    }

    public static byte[] message(int type, byte... body) {
        ByteBuffer b = ByteBuffer.allocate(19 + body.length);
        for (int i = 0; i < 16; i++) b.put((byte) 0xff);
        b.putShort((short) (19 + body.length)).put((byte) type).put(body);
        return b.array();
    }

    /** OPEN: version 4, a 2-octet AS, the hold time, the identifier; capabilities multiprotocol IPv4 unicast and 4-octet AS. */
    public static byte[] openMessage(long as, int holdSeconds, int identifier) {
        byte[] caps = {1, 4, 0, 1, 0, 1, 65, 4, (byte) (as >>> 24), (byte) (as >>> 16), (byte) (as >>> 8), (byte) as};
        ByteBuffer b = ByteBuffer.allocate(10 + 2 + caps.length);
        b.put((byte) 4).putShort((short) as).putShort((short) holdSeconds).putInt(identifier);
        b.put((byte) (2 + caps.length)).put((byte) 2).put((byte) caps.length).put(caps);
        return message(OPEN, b.array());
    }

    /**
     * As {@link #openMessage} plus a graceful restart capability (RFC 4724 §3) for IPv4 unicast, restart time 120 s,
     * with the Restart State bit set: what a speaker sends in its first restart time after it started.
     */
    static byte[] restartingOpenMessage(long as, int holdSeconds, int identifier) {
        byte[] caps = {1, 4, 0, 1, 0, 1, 65, 4, (byte) (as >>> 24), (byte) (as >>> 16), (byte) (as >>> 8), (byte) as,
                64, 6, (byte) 0x80, 120, 0, 1, 1, 0};
        ByteBuffer b = ByteBuffer.allocate(10 + 2 + caps.length);
        b.put((byte) 4).putShort((short) as).putShort((short) holdSeconds).putInt(identifier);
        b.put((byte) (2 + caps.length)).put((byte) 2).put((byte) caps.length).put(caps);
        return message(OPEN, b.array());
    }

    static byte[] notification(int code, int subcode) {
        return message(NOTIFICATION, (byte) code, (byte) subcode);
    }

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<Message> in = new LinkedBlockingQueue<>();
    /** "FIN" when the peer's stream ended cleanly, otherwise the read error (a reset shows as "Connection reset"). */
    private final CompletableFuture<String> ended = new CompletableFuture<>();

    public ScriptedPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        DataInputStream data = new DataInputStream(socket.getInputStream());
        Thread reader = new Thread(() -> {
            try {
                while (true) {
                    byte[] header = new byte[19];
                    data.readFully(header);
                    int length = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
                    byte[] body = new byte[length - 19];
                    data.readFully(body);
                    in.add(new Message(header[18], body));
                }
            } catch (EOFException fin) {
                ended.complete("FIN");
            } catch (IOException e) {
                ended.complete(String.valueOf(e.getMessage()));
            }
        }, "scripted-peer-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public void send(byte[] message) throws IOException {
        out.write(message);
        out.flush();
    }

    public Message next(long timeoutMillis) throws InterruptedException {
        return in.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** How the stream from jbgpd ended ("FIN" or the read error), or null if it is still open after the timeout. */
    String ending(long timeoutMillis) throws Exception {
        try {
            return ended.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException stillOpen) {
            return null;
        }
    }

    /** Sends a KEEPALIVE every second and drains what jbgpd sends, for the given time; a NOTIFICATION fails. */
    public void keepAlive(long millis) throws Exception {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            send(message(KEEPALIVE));
            long until = Math.min(end, System.nanoTime() + 1_000_000_000L);
            while (System.nanoTime() < until) {
                Message m = next(Math.max(1, (until - System.nanoTime()) / 1_000_000));
                if (m != null && m.type() == NOTIFICATION) throw new AssertionError("jbgpd closed the surviving connection: " + m);
            }
        }
    }

    @Override
    public void close() throws IOException { socket.close(); }
}
