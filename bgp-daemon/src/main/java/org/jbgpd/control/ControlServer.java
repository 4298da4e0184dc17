package org.jbgpd.control;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the control API on a Unix domain socket with mode 0660 and an optional group. One
 * event-loop thread is plenty: every request is a small JSON answer from a snapshot.
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
    static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final Path socket;
    private final EventLoopGroup loop;
    private final Channel channel;

    private ControlServer(Path socket, EventLoopGroup loop, Channel channel) {
        this.socket = socket;
        this.loop = loop;
        this.channel = channel;
    }

    /**
     * Binds the socket and starts serving.
     *
     * @param group name of the group allowed to connect and change state, or null
     * @param mode permission bits of the socket file, e.g. 0660
     * @throws IOException if the socket cannot be bound, another jbgpd answers on it, or the group does not exist
     */
    public static ControlServer start(Path socket, String group, int mode, ControlService service) throws IOException {
        Path dir = socket.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        removeStaleSocket(socket);
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "jbgpd-control");
            t.setDaemon(true);
            return t;
        };
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, threads, EpollIoHandler.newFactory());
        try {
            JsonCodec json = new JsonCodec();
            Authorizer[] auth = new Authorizer[1]; // set once the socket file exists and its owner is known
            Channel ch = new ServerBootstrap()
                    .group(loop)
                    .channel(EpollServerDomainSocketChannel.class)
                    .childHandler(new ChannelInitializer<EpollDomainSocketChannel>() {
                        @Override
                        protected void initChannel(EpollDomainSocketChannel c) {
                            c.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES),
                                    new ControlHandler(service, auth[0], json));
                        }
                    })
                    .bind(new DomainSocketAddress(socket.toString())).sync().channel();
            auth[0] = secure(socket, group, mode);
            log.info("control socket {} (mode 0{}{})", socket, Integer.toOctalString(mode), group == null ? "" : ", group " + group);
            return new ControlServer(socket, loop, ch);
        } catch (IOException | RuntimeException e) {
            loop.shutdownGracefully();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loop.shutdownGracefully();
            throw new IOException("interrupted while binding " + socket, e);
        }
    }

    private static Authorizer secure(Path socket, String group, int mode) throws IOException {
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString(permissions(mode)));
        int gid = -1;
        if (group != null) {
            GroupPrincipal g;
            try {
                g = socket.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
            } catch (IOException e) {
                throw new IOException("control.group " + group + " does not exist", e);
            }
            Files.getFileAttributeView(socket, PosixFileAttributeView.class).setGroup(g);
            gid = (Integer) Files.getAttribute(socket, "unix:gid");
        }
        int ownerUid = (Integer) Files.getAttribute(socket, "unix:uid");
        return new Authorizer(ownerUid, gid);
    }

    static String permissions(int mode) {
        StringBuilder sb = new StringBuilder(9);
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = mode >> shift;
            sb.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
        }
        return sb.toString();
    }

    /** A socket file left by a killed daemon is removed; one that still answers is another daemon's. */
    private static void removeStaleSocket(Path socket) throws IOException {
        if (!Files.exists(socket)) return;
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            throw new IOException("another jbgpd is already serving " + socket);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("another jbgpd")) throw e;
            Files.deleteIfExists(socket);
        }
    }

    public Path socket() { return socket; }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            log.warn("cannot remove control socket {}: {}", socket, e.getMessage());
        }
    }
}
