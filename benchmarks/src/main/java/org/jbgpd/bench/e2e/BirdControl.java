package org.jbgpd.bench.e2e;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One connection to a BIRD control socket, kept open for many commands: what {@code birdc} does,
 * without starting a process per command. BIRD answers each command with lines "NNNN-text"
 * (more follows), " text" (continuation) and a last line "NNNN text"; codes 8xxx and 9xxx are
 * errors. The harness wakes the feeder every 250 ms while routes flow (ADR 0080); as a process
 * that was a fork and exec of birdc each time on the cores the receiver is timed on (ADR 0096).
 * A reply that takes longer than {@link #TIMEOUT_MILLIS} (birdc's timeout in the harness) is an
 * IOException, as a birdc that hangs was.
 */
final class BirdControl implements AutoCloseable {
    static final long TIMEOUT_MILLIS = 30_000;

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final StringBuilder pending = new StringBuilder();

    private BirdControl(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    /** Connects and reads BIRD's greeting ("0001 BIRD 2.0.12 ready."). */
    static BirdControl connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        BirdControl c = null;
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            c = new BirdControl(ch);
            c.reply();
            return c;
        } catch (IOException | RuntimeException e) {
            if (c != null) c.close();
            ch.close();
            throw e;
        }
    }

    /** Sends one command line and returns BIRD's whole reply; an error reply is an IOException. */
    String command(String line) throws IOException {
        ByteBuffer out = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) channel.write(out);
        return reply();
    }

    /** The reply's text as birdc prints it: without the reply codes and the space that marks a continuation. */
    private String reply() throws IOException {
        StringBuilder text = new StringBuilder();
        while (true) {
            String l = nextLine();
            text.append(textOf(l)).append('\n');
            if (isLast(l)) {
                char c = l.charAt(0);
                if (c == '8' || c == '9') throw new IOException("BIRD refused: " + l);
                return text.toString();
            }
        }
    }

    /** One reply line without its code ("1002-peer ..." gives "peer ...") or continuation space. */
    static String textOf(String line) {
        if (line.length() >= 5 && (line.charAt(4) == '-' || line.charAt(4) == ' ') && Character.isDigit(line.charAt(0))) return line.substring(5);
        if (line.startsWith(" ")) return line.substring(1);
        return line;
    }

    /** True for the line that ends a reply: four digits and a space. */
    static boolean isLast(String line) {
        if (line.length() < 5 || line.charAt(4) != ' ') return false;
        for (int i = 0; i < 4; i++) if (!Character.isDigit(line.charAt(i))) return false;
        return true;
    }

    private String nextLine() throws IOException {
        while (true) {
            int nl = pending.indexOf("\n");
            if (nl >= 0) {
                String l = pending.substring(0, nl);
                pending.delete(0, nl + 1);
                return l;
            }
            in.clear();
            long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000L;
            int n;
            while ((n = channel.read(in)) == 0) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) throw new IOException("BIRD did not answer within " + TIMEOUT_MILLIS + " ms");
                selector.select(left);
                selector.selectedKeys().clear();
            }
            if (n < 0) throw new IOException("BIRD closed the control connection");
            in.flip();
            pending.append(StandardCharsets.US_ASCII.decode(in));
        }
    }

    @Override
    public void close() {
        try {
            selector.close();
            channel.close();
        } catch (IOException e) {
            // closing a local socket: nothing left to do
        }
    }
}
