package org.jbgpd.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers GET (and HEAD) /metrics with the Prometheus text exposition format, version 0.0.4, whatever
 * the scraper's Accept header asks for (as before ADR 0110: the text a user gets does not depend on the
 * scraper). Any other path is 404, any other method 405. Connections are kept alive when the client
 * asks, as Prometheus does, so a scrape every few seconds reuses one connection. One per connection.
 */
final class MetricsHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

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

    private final Exposition exposition;
    /** Size of the last answer: the next buffer starts there, so it is not grown by copying every scrape. */
    private int lastSize = 4096;

    MetricsHttpHandler(Exposition exposition) {
        this.exposition = exposition;
    }

    /** The pipeline of one /metrics connection. */
    static void install(ChannelPipeline pipeline, Exposition exposition) {
        pipeline.addLast(new ReadTimeoutHandler(IDLE_SECONDS), new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES),
                new MetricsHttpHandler(exposition));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            answer(ctx, req, HttpResponseStatus.BAD_REQUEST, text("malformed HTTP request\n"), false);
            return;
        }
        if (!new QueryStringDecoder(req.uri()).path().equals(PATH)) {
            answer(ctx, req, HttpResponseStatus.NOT_FOUND, text("only " + PATH + " is served here\n"), false);
            return;
        }
        boolean head = req.method().equals(HttpMethod.HEAD);
        if (!head && !req.method().equals(HttpMethod.GET)) {
            answer(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, text("use GET\n"), false);
            return;
        }
        ByteBuf body = Unpooled.buffer(lastSize + 1024);
        try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
            exposition.writeTo(out);
        } catch (IOException | RuntimeException e) {
            body.release();
            log.warn("metrics scrape failed: {}", e.toString());
            answer(ctx, req, HttpResponseStatus.INTERNAL_SERVER_ERROR, text("scrape failed: " + e + "\n"), false);
            return;
        }
        lastSize = body.readableBytes();
        answer(ctx, req, HttpResponseStatus.OK, body, head);
    }

    private static ByteBuf text(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    /** HEAD: the headers GET would send (Content-Length included), no body. */
    private static void answer(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, ByteBuf body, boolean head) {
        int length = body.readableBytes();
        FullHttpResponse res = new DefaultFullHttpResponse(req.protocolVersion(), status, head ? Unpooled.EMPTY_BUFFER : body);
        if (head) body.release();
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, status == HttpResponseStatus.OK ? CONTENT_TYPE : "text/plain; charset=utf-8");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, length);
        if (status == HttpResponseStatus.METHOD_NOT_ALLOWED) res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        boolean keepAlive = HttpUtil.isKeepAlive(req) && status.code() < 500;
        if (!keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!req.protocolVersion().isKeepAliveDefault()) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        var sent = ctx.writeAndFlush(res);
        if (!keepAlive) sent.addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("metrics connection: {}", cause.toString());
        ctx.close();
    }
}
