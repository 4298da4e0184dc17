package org.jbgpd.bench.e2e;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.jbgpd.wire.BgpMessage;
import org.jbgpd.wire.Capability;
import org.jbgpd.wire.CodecOptions;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.Keepalive;
import org.jbgpd.wire.MessageEncoder;
import org.jbgpd.wire.Open;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/**
 * The null receiver's process (ADR 0111), started by {@link NullReceiver} in the receiver
 * namespace: a passive BGP speaker that accepts the feeder's session, answers its OPEN with
 * IPv4 and IPv6 unicast and 4-octet AS, sends KEEPALIVEs, and reads every UPDATE only far enough
 * to count its prefixes. It keeps no routes, so the time from Established to the last UPDATE is
 * what the feeder needs to send N routes: no receiver can be faster. Sessions are served one
 * after the other until the process is stopped; the status file is rewritten at most every
 * {@link #STATUS_MILLIS} ms when something changed.
 *
 * <p>Arguments: AS, BGP identifier (dotted quad), status file.
 */
final class NullSpeaker {
    private static final int PORT = 179;
    private static final int HEADER = 19;
    private static final int HOLD_SECONDS = 90;
    private static final long KEEPALIVE_MILLIS = HOLD_SECONDS / 3 * 1000L;
    private static final long STATUS_MILLIS = 5;
    private static final int TYPE_OPEN = 1;
    private static final int TYPE_UPDATE = 2;
    private static final int TYPE_NOTIFICATION = 3;
    private static final int TYPE_KEEPALIVE = 4;

    private final int as;
    private final byte[] identifier;
    private final Path statusFile;
    private final Object lock = new Object();
    /** Written by the session thread, read by the status thread; replaced whole, so a reader never sees half an update. */
    private volatile NullStatus status = NullStatus.NONE;

    private NullSpeaker(int as, byte[] identifier, Path statusFile) {
        this.as = as;
        this.identifier = identifier;
        this.statusFile = statusFile;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: NullSpeaker AS BGP-ID STATUS-FILE");
            System.exit(2);
        }
        byte[] id = InetAddress.getByName(args[1]).getAddress();
        new NullSpeaker(Integer.parseInt(args[0]), id, Path.of(args[2])).serve();
    }

    private void serve() throws IOException {
        Thread.ofPlatform().daemon().name("status").start(this::writeStatus);
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(PORT));
            log("listening on port " + PORT);
            while (true) {
                try (Socket s = server.accept()) {
                    session(s);
                } catch (IOException | IllegalArgumentException e) {
                    log("session ended: " + e);
                }
                NullStatus last = status;
                status = new NullStatus(false, 0, last.announced(), last.withdrawn(), last.updates(), last.bytes(), last.lastAnnounce(), last.endOfRib());
            }
        }
    }

    private void session(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        log("connection from " + s.getRemoteSocketAddress());
        DataInputStream in = new DataInputStream(new BufferedInputStream(new Napping(s.getInputStream()), 1 << 20));
        OutputStream out = s.getOutputStream();
        byte[] body = new byte[65535];
        int length = readMessage(in, body, TYPE_OPEN);
        log("OPEN of " + length + " bytes received");
        send(out, open());
        send(out, encode(new Keepalive()));
        Thread keepalives = Thread.ofPlatform().daemon().name("keepalive").start(() -> keepalives(out));
        try {
            readMessage(in, body, TYPE_KEEPALIVE);
            Instant established = Instant.now();
            log("established at " + established);
            UpdateTally tally = new UpdateTally();
            long bytes = 0;
            Instant lastAnnounce = null;
            Instant endOfRib = null;
            status = new NullStatus(true, 0, 0, 0, 0, 0, null, null);
            byte[] header = new byte[HEADER];
            while (true) {
                int len = readHeader(in, header);
                int messageType = header[18] & 0xff;
                in.readFully(body, 0, len);
                bytes += HEADER + len;
                if (messageType == TYPE_NOTIFICATION) {
                    log("NOTIFICATION " + (len > 0 ? body[0] & 0xff : -1) + "/" + (len > 1 ? body[1] & 0xff : -1) + " received");
                    break;
                }
                if (messageType != TYPE_UPDATE) continue;
                long eorBefore = tally.endOfRibs;
                if (tally.add(body, 0, len)) lastAnnounce = Instant.now();
                if (endOfRib == null && tally.endOfRibs > eorBefore) endOfRib = Instant.now();
                status = new NullStatus(true, tally.announced - tally.withdrawn, tally.announced, tally.withdrawn, tally.updates, bytes,
                        lastAnnounce, endOfRib);
            }
            log("session done: " + tally.updates + " UPDATEs, " + bytes + " bytes, " + tally.announced + " prefixes announced, "
                    + tally.withdrawn + " withdrawn; last announcement " + lastAnnounce + ", End-of-RIB " + endOfRib);
        } catch (EOFException e) {
            log("connection closed by the peer");
        } finally {
            keepalives.interrupt();
        }
    }

    /** Reads a message header into {@code header}; returns the length of the body that follows. */
    private static int readHeader(DataInputStream in, byte[] header) throws IOException {
        in.readFully(header, 0, HEADER);
        for (int i = 0; i < 16; i++) if (header[i] != (byte) 0xff) throw new IOException("bad marker");
        int len = ((header[16] & 0xff) << 8 | (header[17] & 0xff)) - HEADER;
        if (len < 0) throw new IOException("bad length " + (len + HEADER));
        return len;
    }

    private static int readMessage(DataInputStream in, byte[] body, int expectedType) throws IOException {
        byte[] header = new byte[HEADER];
        int len = readHeader(in, header);
        in.readFully(body, 0, len);
        int type = header[18] & 0xff;
        if (type != expectedType) throw new IOException("expected message type " + expectedType + ", got " + type);
        return len;
    }

    /**
     * A read that returned little makes the next one wait {@link #NAP_MILLIS} first. BIRD writes the
     * diverse scenario's UPDATEs one prefix each (a million writes at 1M); a reader as fast as that wakes
     * up once per UPDATE, and on two shared cores those wake-ups cost as much CPU as the feeder itself.
     * Napping lets data gather in the socket buffer (autotuned, megabytes: the feeder never waits on
     * it), so one read takes thousands of UPDATEs. The arrival of the last UPDATE is noted up to one nap
     * late.
     */
    private static final class Napping extends java.io.FilterInputStream {
        private static final int SMALL_READ = 16 * 1024;
        private static final long NAP_MILLIS = 1;
        private int last = Integer.MAX_VALUE;

        Napping(java.io.InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (last < SMALL_READ) {
                try {
                    Thread.sleep(NAP_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while napping");
                }
            }
            last = in.read(b, off, len);
            return last;
        }
    }

    /** Our OPEN, written by the project's own encoder: IPv4 and IPv6 unicast and 4-octet AS. */
    private byte[] open() {
        int twoOctetAs = as > 0xffff ? Open.AS_TRANS : as;
        List<Capability> caps = List.of(Capability.Multiprotocol.of(Family.IPV4_UNICAST),
                Capability.Multiprotocol.of(Family.IPV6_UNICAST), new Capability.FourOctetAs(as));
        return encode(new Open(4, twoOctetAs, HOLD_SECONDS, ByteBuffer.wrap(identifier).getInt(), caps));
    }

    private static byte[] encode(BgpMessage message) {
        ByteBuf buf = Unpooled.buffer(64);
        new MessageEncoder(CodecOptions.DEFAULT).encode(message, buf);
        return ByteBufUtil.getBytes(buf);
    }

    private void send(OutputStream out, byte[] message) throws IOException {
        synchronized (lock) {
            out.write(message);
            out.flush();
        }
    }

    private void keepalives(OutputStream out) {
        byte[] keepalive = encode(new Keepalive());
        try {
            while (true) {
                Thread.sleep(KEEPALIVE_MILLIS);
                send(out, keepalive);
            }
        } catch (InterruptedException | IOException e) {
            // the session ended
        }
    }

    private void writeStatus() {
        Path tmp = statusFile.resolveSibling(statusFile.getFileName() + ".tmp");
        NullStatus written = null;
        while (true) {
            NullStatus now = status;
            if (now != written) {
                try {
                    Files.writeString(tmp, now.render());
                    Files.move(tmp, statusFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    written = now;
                } catch (IOException e) {
                    log("cannot write " + statusFile + ": " + e);
                }
            }
            try {
                Thread.sleep(STATUS_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void log(String line) {
        System.out.println(Instant.now() + " " + line);
    }
}
