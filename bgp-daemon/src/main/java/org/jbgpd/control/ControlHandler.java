package org.jbgpd.control;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.PeerCredentials;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes one HTTP request to the {@link ControlService} and writes its JSON answer; one request per connection. */
final class ControlHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(ControlHandler.class);
    private static final String PEERS = "/v1/peers";

    private final ControlService service;
    private final Authorizer authorizer;
    private final JsonCodec json;

    ControlHandler(ControlService service, Authorizer authorizer, JsonCodec json) {
        this.service = service;
        this.authorizer = authorizer;
        this.json = json;
    }

    /** The body of POST /v1/peers/NAME/shutdown. */
    record ShutdownRequest(String message) {}

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            send(ctx, HttpResponseStatus.BAD_REQUEST, new ErrorBody("malformed HTTP request"));
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String path = uri.path();
        HttpMethod method = req.method();
        try {
            if (method.equals(HttpMethod.GET)) {
                get(ctx, path, uri);
            } else if (method.equals(HttpMethod.POST)) {
                Caller caller = caller(ctx);
                if (caller == null || !authorizer.mayChangeState(caller)) {
                    log.info("control: refused {} {} from uid {}", method, path, caller == null ? "?" : caller.uid());
                    send(ctx, HttpResponseStatus.FORBIDDEN, new ErrorBody(
                            "permission denied: changing state needs root, the jbgpd user or the control group"));
                    return;
                }
                post(ctx, path, req, caller);
            } else {
                send(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, new ErrorBody("use GET to read and POST to change state"));
            }
        } catch (IllegalArgumentException e) {
            send(ctx, HttpResponseStatus.BAD_REQUEST, new ErrorBody(e.getMessage()));
        }
    }

    private void get(ChannelHandlerContext ctx, String path, QueryStringDecoder uri) {
        if (path.equals(PEERS)) {
            answer(ctx, service.peers());
        } else if (path.startsWith(PEERS + "/") && path.indexOf('/', PEERS.length() + 1) < 0) {
            String name = path.substring(PEERS.length() + 1);
            answerOptional(ctx, service.peer(name), "no peer named " + name);
        } else if (path.equals("/v1/routes")) {
            String prefix = param(uri, "prefix");
            answer(ctx, service.routes(prefix == null ? null : IpPrefix.parse(prefix)));
        } else if (path.equals("/v1/route")) {
            String address = param(uri, "address");
            if (address == null) throw new IllegalArgumentException("missing ?address=");
            answerOptional(ctx, service.route(IpAddress.parse(address)), "no route to " + address);
        } else {
            notFound(ctx, path);
        }
    }

    private void post(ChannelHandlerContext ctx, String path, FullHttpRequest req, Caller caller) {
        if (path.equals("/v1/reload")) {
            log.info("control: reload requested by uid {}", caller.uid());
            act(ctx, service.reload());
            return;
        }
        if (path.equals("/v1/stop")) {
            boolean graceful = "true".equals(param(new QueryStringDecoder(req.uri()), "graceful"));
            log.info("control: stop{} requested by uid {}", graceful ? " for a planned restart" : "", caller.uid());
            act(ctx, service.stop(graceful), () -> service.stopAnswered(graceful));
            return;
        }
        if (path.startsWith(PEERS + "/")) {
            String rest = path.substring(PEERS.length() + 1);
            int slash = rest.indexOf('/');
            if (slash > 0) {
                String name = rest.substring(0, slash);
                String action = rest.substring(slash + 1);
                log.info("control: peer {} {} requested by uid {}", action, name, caller.uid());
                switch (action) {
                    case "reset" -> { act(ctx, service.resetPeer(name)); return; }
                    case "enable" -> { act(ctx, service.enablePeer(name)); return; }
                    case "shutdown" -> { act(ctx, service.shutdownPeer(name, shutdownMessage(req))); return; }
                    default -> { }
                }
            }
        }
        notFound(ctx, path);
    }

    private String shutdownMessage(FullHttpRequest req) {
        if (req.content().readableBytes() == 0) return null;
        byte[] body = new byte[req.content().readableBytes()];
        req.content().getBytes(req.content().readerIndex(), body);
        try {
            return json.read(body, ShutdownRequest.class).message();
        } catch (IOException e) {
            throw new IllegalArgumentException("body must be {\"message\": \"...\"}");
        }
    }

    private static String param(QueryStringDecoder uri, String name) {
        List<String> v = uri.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    private void notFound(ChannelHandlerContext ctx, String path) {
        send(ctx, HttpResponseStatus.NOT_FOUND, new ErrorBody("no such endpoint: " + path));
    }

    private static Caller caller(ChannelHandlerContext ctx) {
        if (!(ctx.channel() instanceof EpollDomainSocketChannel ch)) return null;
        try {
            PeerCredentials cred = ch.peerCredentials();
            return Caller.of(cred.pid(), cred.uid(), cred.gids());
        } catch (IOException e) {
            return null;
        }
    }

    private <T> void answer(ChannelHandlerContext ctx, CompletionStage<T> result) {
        result.whenComplete((value, error) -> {
            if (error != null) internalError(ctx, error);
            else send(ctx, HttpResponseStatus.OK, value);
        });
    }

    private <T> void answerOptional(ChannelHandlerContext ctx, CompletionStage<Optional<T>> result, String missing) {
        result.whenComplete((value, error) -> {
            if (error != null) internalError(ctx, error);
            else if (value.isEmpty()) send(ctx, HttpResponseStatus.NOT_FOUND, new ErrorBody(missing));
            else send(ctx, HttpResponseStatus.OK, value.get());
        });
    }

    private void act(ChannelHandlerContext ctx, CompletionStage<ActionResult> result) {
        act(ctx, result, null);
    }

    /** @param afterAnswer run once a DONE answer has left (or failed to), e.g. the stop it announced */
    private void act(ChannelHandlerContext ctx, CompletionStage<ActionResult> result, Runnable afterAnswer) {
        result.whenComplete((value, error) -> {
            if (error != null) {
                internalError(ctx, error);
                return;
            }
            HttpResponseStatus status = switch (value.outcome()) {
                case DONE -> HttpResponseStatus.OK;
                case NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
                case REJECTED -> HttpResponseStatus.UNPROCESSABLE_ENTITY;
                case FAILED -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
            };
            boolean after = afterAnswer != null && value.outcome() == ActionResult.Outcome.DONE;
            send(ctx, status, value, after ? f -> afterAnswer.run() : null);
        });
    }

    private void internalError(ChannelHandlerContext ctx, Throwable error) {
        log.warn("control: request failed: {}", error.toString());
        send(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, new ErrorBody("internal error: " + error.getMessage()));
    }

    private void send(ChannelHandlerContext ctx, HttpResponseStatus status, Object body) {
        send(ctx, status, body, null);
    }

    /** @param written runs when the answer has been written or has failed, before the connection closes */
    private void send(ChannelHandlerContext ctx, HttpResponseStatus status, Object body, ChannelFutureListener written) {
        byte[] bytes = json.write(body);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ChannelFuture sent = ctx.writeAndFlush(res);
        if (written != null) sent.addListener(written);
        sent.addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("control connection error: {}", cause.toString());
        ctx.close();
    }
}
