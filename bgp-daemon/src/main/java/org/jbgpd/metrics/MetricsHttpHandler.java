package org.jbgpd.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers GET (and HEAD) /metrics with the Prometheus text exposition format, version 0.0.4, whatever
 * the scraper's Accept header asks for (as before ADR 0110: the text a user gets does not depend on the
 * scraper). Any other path is 404, any other method 405. Connections are kept alive when the client
 * asks, as Prometheus does, so a scrape every few seconds reuses one connection. One per connection.
 *
 * <p>A scrape is a request line and a few headers, so this reads them itself instead of Netty's HTTP
 * codec, aggregator and read-timeout handler (ADR 0120): those were ~130 classes, archived in the AOT
 * cache and loaded at every start of a daemon whose cache was recorded with a scrape. Requests are
 * read up to the blank line after the headers; a body (only with Content-Length, never chunked) is
 * skipped; pipelined requests are answered in order.
 */
final class MetricsHttpHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(MetricsHttpHandler.class);
    static final String PATH = "/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** A scrape is one GET line and a few headers; anything larger is not a scraper. */
    static final int MAX_REQUEST_BYTES = 8 * 1024;
    /**
     * A connection with no request for this long is closed: longer than any usual scrape interval, so
     * Prometheus keeps its connection, but a client that went away does not hold a socket for good (the
     * JDK server closed idle connections after 30 s).
     */
    static final int IDLE_SECONDS = 300;

    /** Writes the whole exposition into the stream; runs on the event loop of the connection. */
    interface Exposition {
        void writeTo(OutputStream out) throws IOException;
    }

    /** What a request asked for, from its request line and headers. */
    private record Request(String method, String path, String version, boolean keepAlive, long bodyLength) {}

    private final Exposition exposition;
    /** Size of the last answer: the next buffer starts there, so it is not grown by copying every scrape. */
    private int lastSize = 4096;
    /** Bytes of a request not complete yet. */
    private ByteBuf pending;
    /** Body bytes of the last request still to be skipped. */
    private long skip;
    private ScheduledFuture<?> idle;
    private boolean closing;

    MetricsHttpHandler(Exposition exposition) {
        this.exposition = exposition;
    }

    /** The pipeline of one /metrics connection. */
    static void install(ChannelPipeline pipeline, Exposition exposition) {
        pipeline.addLast(new MetricsHttpHandler(exposition));
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        restartIdleTimer(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (idle != null) idle.cancel(false);
        if (pending != null) pending.release();
        pending = null;
    }

    private void restartIdleTimer(ChannelHandlerContext ctx) {
        if (idle != null) idle.cancel(false);
        idle = ctx.executor().schedule(() -> ctx.close(), IDLE_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        restartIdleTimer(ctx);
        try {
            if (closing) return;
            if (pending == null) pending = Unpooled.buffer(Math.min(in.readableBytes(), MAX_REQUEST_BYTES));
            pending.writeBytes(in);
        } finally {
            in.release();
        }
        while (!closing) {
            if (skip > 0) {
                int n = (int) Math.min(skip, pending.readableBytes());
                pending.skipBytes(n);
                skip -= n;
                if (skip > 0) break;
            }
            int end = endOfHead(pending);
            if (end < 0) {
                if (pending.readableBytes() > MAX_REQUEST_BYTES) refuse(ctx, "request too large\n");
                break;
            }
            String head = pending.toString(pending.readerIndex(), end - pending.readerIndex(), StandardCharsets.ISO_8859_1);
            pending.readerIndex(end);
            Request req = parse(head);
            if (req == null) {
                refuse(ctx, "malformed HTTP request\n");
                break;
            }
            skip = req.bodyLength();
            answer(ctx, req);
        }
        if (pending != null && !pending.isReadable()) pending.clear();
        else if (pending != null) pending.discardReadBytes();
    }

    /** The index just after the blank line that ends the request head, or -1 while it is incomplete. */
    private static int endOfHead(ByteBuf b) {
        int lineStart = b.readerIndex();
        for (int i = b.readerIndex(); i < b.writerIndex(); i++) {
            if (b.getByte(i) != '\n') continue;
            int length = i - lineStart;
            if (length == 0 || (length == 1 && b.getByte(lineStart) == '\r')) {
                if (lineStart == b.readerIndex()) { // blank lines before a request line are allowed (RFC 9112 2.2): skip them
                    b.readerIndex(i + 1);
                    lineStart = i + 1;
                    continue;
                }
                return i + 1;
            }
            lineStart = i + 1;
        }
        return -1;
    }

    /** The request line and the headers this server reads (Connection, Content-Length); null when malformed. */
    private static Request parse(String head) {
        String[] lines = head.split("\r?\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3) return null;
        String method = requestLine[0], target = requestLine[1], version = requestLine[2];
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) return null;
        if (method.isEmpty() || target.isEmpty()) return null;
        String connection = "";
        long bodyLength = 0;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) continue;
            int colon = line.indexOf(':');
            if (colon <= 0) return null;
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "connection" -> connection = value.toLowerCase(Locale.ROOT);
                case "content-length" -> {
                    try {
                        bodyLength = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        return null;
                    }
                    if (bodyLength < 0 || bodyLength > MAX_REQUEST_BYTES) return null;
                }
                case "transfer-encoding" -> {
                    return null; // a scraper sends no body; a chunked one is not read here
                }
                default -> { }
            }
        }
        boolean keepAlive = !connection.contains("close") && (version.equals("HTTP/1.1") || connection.contains("keep-alive"));
        int query = indexOfAny(target, '?', '#');
        return new Request(method, query < 0 ? target : target.substring(0, query), version, keepAlive, bodyLength);
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == a || s.charAt(i) == b) return i;
        }
        return -1;
    }

    private void answer(ChannelHandlerContext ctx, Request req) {
        if (!req.path().equals(PATH)) {
            send(ctx, req.version(), "404 Not Found", null, text("only " + PATH + " is served here\n"), false, req.keepAlive());
            return;
        }
        boolean head = req.method().equals("HEAD");
        if (!head && !req.method().equals("GET")) {
            send(ctx, req.version(), "405 Method Not Allowed", "allow: GET, HEAD\r\n", text("use GET\n"), false, req.keepAlive());
            return;
        }
        ByteBuf body = Unpooled.buffer(lastSize + 1024);
        try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
            exposition.writeTo(out);
        } catch (IOException | RuntimeException e) {
            body.release();
            log.warn("metrics scrape failed: {}", e.toString());
            send(ctx, req.version(), "500 Internal Server Error", null, text("scrape failed: " + e + "\n"), false, false);
            return;
        }
        lastSize = body.readableBytes();
        send(ctx, req.version(), "200 OK", null, body, head, req.keepAlive());
    }

    /** 400 to a request this server cannot read; the connection closes (the rest of its bytes cannot be framed). */
    private void refuse(ChannelHandlerContext ctx, String why) {
        send(ctx, "HTTP/1.1", "400 Bad Request", null, text(why), false, false);
    }

    private static ByteBuf text(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    /** HEAD: the headers GET would send (Content-Length included), no body. */
    private void send(ChannelHandlerContext ctx, String version, String status, String extraHeaders, ByteBuf body, boolean head,
            boolean keepAlive) {
        int length = body.readableBytes();
        StringBuilder h = new StringBuilder(160).append(version).append(' ').append(status).append("\r\n");
        h.append("content-type: ").append(status.startsWith("200") ? CONTENT_TYPE : "text/plain; charset=utf-8").append("\r\n");
        h.append("content-length: ").append(length).append("\r\n");
        if (extraHeaders != null) h.append(extraHeaders);
        if (!keepAlive) {
            h.append("connection: close\r\n");
        } else if (version.equals("HTTP/1.0")) {
            h.append("connection: keep-alive\r\n");
        }
        h.append("\r\n");
        ctx.write(text(h.toString()));
        if (head) body.release();
        var sent = ctx.writeAndFlush(head ? Unpooled.EMPTY_BUFFER : body);
        if (!keepAlive) {
            closing = true;
            sent.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("metrics connection: {}", cause.toString());
        ctx.close();
    }
}
