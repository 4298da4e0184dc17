package org.jbgpd.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;

/**
 * jbgpctl's side of the control API: one HTTP/1.1 request per connection over the Unix socket.
 * Uses the JDK's own Unix-domain channels, so the client starts fast and needs no native library.
 */
public final class ControlClient {

    /** The daemon is not there (no socket, nobody listening) or we may not open its socket. */
    public static final class UnreachableException extends IOException {
        private static final long serialVersionUID = 1L;

        UnreachableException(String message, Throwable cause) { super(message, cause); }
    }

    /** An HTTP answer: status and JSON body. */
    public record Response(int status, byte[] body) {
        public String text() { return new String(body, StandardCharsets.UTF_8); }
    }

    private final Path socket;

    public ControlClient(Path socket) { this.socket = socket; }

    public Path socket() { return socket; }

    public Response get(String path) throws IOException { return exchange("GET", path, null); }

    public Response post(String path, byte[] json) throws IOException { return exchange("POST", path, json); }

    public static String query(String value) { return URLEncoder.encode(value, StandardCharsets.UTF_8); }

    private Response exchange(String method, String path, byte[] body) throws IOException {
        try (SocketChannel ch = connect()) {
            byte[] payload = body == null ? new byte[0] : body;
            String head = method + " " + path + " HTTP/1.1\r\nHost: jbgpd\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + payload.length + "\r\n\r\n";
            ByteBuffer out = ByteBuffer.allocate(head.length() + payload.length);
            out.put(head.getBytes(StandardCharsets.US_ASCII)).put(payload).flip();
            while (out.hasRemaining()) ch.write(out);
            return parse(readAll(ch));
        }
    }

    private SocketChannel connect() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return ch;
        } catch (IOException e) {
            ch.close();
            String why = e instanceof AccessDeniedException || String.valueOf(e.getMessage()).contains("Permission denied")
                    ? "permission denied on " + socket + ": run as root or as a member of the control group"
                    : "jbgpd is not running (no answer on " + socket + "); start it with `systemctl start jbgpd` or pass --socket";
            throw new UnreachableException(why, e);
        }
    }

    private static byte[] readAll(SocketChannel ch) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        while (ch.read(buf) >= 0) {
            buf.flip();
            all.write(buf.array(), 0, buf.limit());
            buf.clear();
        }
        return all.toByteArray();
    }

    /** Parses the server's answers: always Content-Length, never chunked (see ControlHandler). */
    static Response parse(byte[] raw) throws IOException {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (end < 0) throw new IOException("truncated answer from jbgpd");
        String head = new String(raw, 0, end, StandardCharsets.US_ASCII);
        String[] lines = head.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) throw new IOException("not an HTTP answer: " + lines[0]);
        int code = Integer.parseInt(status[1]);
        int length = -1;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                length = Integer.parseInt(lines[i].substring(colon + 1).trim());
            }
        }
        int start = end + 4;
        int available = raw.length - start;
        if (length < 0) length = available;
        if (available < length) throw new IOException("truncated answer from jbgpd");
        byte[] body = new byte[length];
        System.arraycopy(raw, start, body, 0, length);
        return new Response(code, body);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
