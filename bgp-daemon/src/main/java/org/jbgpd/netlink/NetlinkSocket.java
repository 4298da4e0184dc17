package org.jbgpd.netlink;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * One rtnetlink socket (AF_NETLINK, NETLINK_ROUTE) driven through FFM. Extended ACKs and capped
 * ACKs are on (errors name the bad attribute, and never echo our whole request back), strict
 * checking is on (dumps are filtered by the kernel), and both socket buffers are enlarged so a
 * batch of requests fits in one sendmsg and their error replies fit in the receive queue.
 *
 * <p>Not thread-safe: one stage thread owns a socket, as ADR 0001 says.
 */
public final class NetlinkSocket implements AutoCloseable {
    public static final int NETLINK_ROUTE = 0;

    static final int SOL_NETLINK = 270;
    static final int NETLINK_ADD_MEMBERSHIP = 1;
    static final int NETLINK_CAP_ACK = 10;
    static final int NETLINK_EXT_ACK = 11;
    static final int NETLINK_GET_STRICT_CHK = 12;

    /** Socket buffer sizes we ask for; FORCE variants go past net.core.[rw]mem_max as root. */
    public static final int DEFAULT_SEND_BUFFER = 4 << 20;
    public static final int DEFAULT_RECEIVE_BUFFER = 32 << 20;

    private final Arena arena;
    private final int fd;
    private final MemorySegment errno;
    private final MemorySegment msghdr;
    private final MemorySegment iovec;
    private final MemorySegment intValue;
    private final MemorySegment lengthValue;
    private final int portId;
    private boolean closed;

    private NetlinkSocket(Arena arena, int fd, MemorySegment errno) throws NetlinkException {
        this.arena = arena;
        this.fd = fd;
        this.errno = errno;
        this.msghdr = arena.allocate(Libc.MSGHDR);
        this.iovec = arena.allocate(Libc.IOVEC);
        this.intValue = arena.allocate(JAVA_INT);
        this.lengthValue = arena.allocate(JAVA_INT);
        msghdr.set(ADDRESS, Libc.MSGHDR_IOV, iovec);
        msghdr.set(JAVA_LONG, Libc.MSGHDR_IOVLEN, 1L);

        MemorySegment addr = arena.allocate(Libc.SOCKADDR_NL);
        addr.set(JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
        if (Libc.bind(errno, fd, addr, (int) Libc.SOCKADDR_NL.byteSize()) < 0) {
            throw new NetlinkException("bind(AF_NETLINK)", Libc.errno(errno));
        }
        lengthValue.set(JAVA_INT, 0, (int) Libc.SOCKADDR_NL.byteSize());
        if (Libc.getsockname(errno, fd, addr, lengthValue) < 0) {
            throw new NetlinkException("getsockname(AF_NETLINK)", Libc.errno(errno));
        }
        this.portId = addr.get(JAVA_INT, 4);
    }

    /** Opens an rtnetlink socket in the calling thread's network namespace. */
    public static NetlinkSocket openRoute() throws NetlinkException {
        return open(NETLINK_ROUTE, DEFAULT_SEND_BUFFER, DEFAULT_RECEIVE_BUFFER);
    }

    /**
     * Opens an rtnetlink socket inside the network namespace bound at {@code netns} (e.g.
     * {@code /run/netns/NAME}). setns(2) changes only the calling thread, so a short-lived thread
     * enters the namespace, creates the socket and ends; the socket stays in that namespace for
     * its whole life, whichever thread uses it (ADR 0030).
     */
    public static NetlinkSocket openRoute(Path netns) throws NetlinkException {
        return openRoute(netns, DEFAULT_RECEIVE_BUFFER);
    }

    /** {@link #openRoute(Path)} with another receive buffer size (tests force ENOBUFS with a tiny one). */
    static NetlinkSocket openRoute(Path netns, int receiveBuffer) throws NetlinkException {
        if (netns == null) return open(NETLINK_ROUTE, DEFAULT_SEND_BUFFER, receiveBuffer);
        CompletableFuture<NetlinkSocket> result = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().name("netlink-setns").unstarted(() -> {
            try (Arena tmp = Arena.ofConfined()) {
                MemorySegment err = Libc.newErrnoSegment(tmp);
                int nsFd = Libc.open(err, tmp.allocateFrom(netns.toString()), Libc.O_RDONLY | Libc.O_CLOEXEC);
                if (nsFd < 0) throw new NetlinkException("open " + netns, Libc.errno(err));
                try {
                    if (Libc.setns(err, nsFd, Libc.CLONE_NEWNET) < 0) {
                        throw new NetlinkException("setns " + netns, Libc.errno(err));
                    }
                } finally {
                    Libc.close(err, nsFd);
                }
                result.complete(open(NETLINK_ROUTE, DEFAULT_SEND_BUFFER, receiveBuffer));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        t.start();
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetlinkException("interrupted while opening a socket in " + netns, Libc.EINTR);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NetlinkException ne) throw ne;
            throw new IllegalStateException(e.getCause());
        }
    }

    static NetlinkSocket open(int protocol, int sendBuffer, int receiveBuffer) throws NetlinkException {
        Arena arena = Arena.ofShared();
        MemorySegment err = Libc.newErrnoSegment(arena);
        int fd = Libc.socket(err, Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, protocol);
        if (fd < 0) {
            int e = Libc.errno(err);
            arena.close();
            throw new NetlinkException("socket(AF_NETLINK)", e);
        }
        try {
            NetlinkSocket s = new NetlinkSocket(arena, fd, err);
            s.setBuffer(Libc.SO_SNDBUFFORCE, Libc.SO_SNDBUF, sendBuffer);
            s.setBuffer(Libc.SO_RCVBUFFORCE, Libc.SO_RCVBUF, receiveBuffer);
            s.setOption(SOL_NETLINK, NETLINK_EXT_ACK, 1);
            s.setOption(SOL_NETLINK, NETLINK_CAP_ACK, 1);
            s.setOption(SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1);
            return s;
        } catch (NetlinkException e) {
            Libc.close(err, fd);
            arena.close();
            throw e;
        }
    }

    private void setBuffer(int forceOption, int plainOption, int bytes) throws NetlinkException {
        intValue.set(JAVA_INT, 0, bytes);
        if (Libc.setsockopt(errno, fd, Libc.SOL_SOCKET, forceOption, intValue, 4) == 0) return;
        // Without CAP_NET_ADMIN the kernel caps the plain option at net.core.[rw]mem_max: still better than the default.
        setOption(Libc.SOL_SOCKET, plainOption, bytes);
    }

    void setOption(int level, int name, int value) throws NetlinkException {
        intValue.set(JAVA_INT, 0, value);
        if (Libc.setsockopt(errno, fd, level, name, intValue, 4) < 0) {
            throw new NetlinkException("setsockopt(" + level + ", " + name + ")", Libc.errno(errno));
        }
    }

    int option(int level, int name) throws NetlinkException {
        lengthValue.set(JAVA_INT, 0, 4);
        if (Libc.getsockopt(errno, fd, level, name, intValue, lengthValue) < 0) {
            throw new NetlinkException("getsockopt(" + level + ", " + name + ")", Libc.errno(errno));
        }
        return intValue.get(JAVA_INT, 0);
    }

    /** The kernel's effective send buffer (it doubles what was asked, for its bookkeeping). */
    public int sendBufferSize() throws NetlinkException {
        return option(Libc.SOL_SOCKET, Libc.SO_SNDBUF);
    }

    /**
     * Makes a blocking {@link #receive} give up after {@code millis} and return -1 (SO_RCVTIMEO),
     * so a thread blocked on the socket can notice that it should stop.
     */
    public void setReceiveTimeout(int millis) throws NetlinkException {
        MemorySegment timeval = arena.allocate(16, 8);
        timeval.set(JAVA_LONG, 0, millis / 1000);
        timeval.set(JAVA_LONG, 8, (millis % 1000) * 1000L);
        if (Libc.setsockopt(errno, fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeval, 16) < 0) {
            throw new NetlinkException("setsockopt(SO_RCVTIMEO)", Libc.errno(errno));
        }
    }

    /**
     * Has the kernel drop, before queueing, every message whose nlmsg_pid is {@code portId}: the
     * notifications of changes that socket made itself. A classic BPF filter (SO_ATTACH_FILTER):
     * load the 32-bit word at offset 12 (nlmsg_pid; BPF loads are big-endian, so compare with the
     * byte-swapped id), drop on a match, accept otherwise.
     */
    public void ignoreMessagesFrom(int portId) throws NetlinkException {
        int pid = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? Integer.reverseBytes(portId) : portId;
        MemorySegment program = arena.allocate(4 * 8, 8);
        filter(program, 0, 0x20, 0, 0, 12);         // BPF_LD | BPF_W | BPF_ABS: A = word at 12
        filter(program, 1, 0x15, 0, 1, pid);        // BPF_JMP | BPF_JEQ | BPF_K: A == pid ? next : skip one
        filter(program, 2, 0x06, 0, 0, 0);          // BPF_RET | BPF_K: drop
        filter(program, 3, 0x06, 0, 0, 0xffff_ffff); // BPF_RET | BPF_K: accept all of it
        MemorySegment fprog = arena.allocate(16, 8); // struct sock_fprog { u16 len; void *filter; }
        fprog.set(JAVA_SHORT, 0, (short) 4);
        fprog.set(ADDRESS, 8, program);
        if (Libc.setsockopt(errno, fd, Libc.SOL_SOCKET, Libc.SO_ATTACH_FILTER, fprog, 16) < 0) {
            throw new NetlinkException("setsockopt(SO_ATTACH_FILTER)", Libc.errno(errno));
        }
    }

    private static void filter(MemorySegment program, int index, int code, int jt, int jf, int k) {
        long at = index * 8L;
        program.set(JAVA_SHORT, at, (short) code);
        program.set(java.lang.foreign.ValueLayout.JAVA_BYTE, at + 2, (byte) jt);
        program.set(java.lang.foreign.ValueLayout.JAVA_BYTE, at + 3, (byte) jf);
        program.set(JAVA_INT, at + 4, k);
    }

    /** Subscribes to an rtnetlink multicast group (RTNLGRP_*). */
    public void joinGroup(int group) throws NetlinkException {
        setOption(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group);
    }

    /** The port id the kernel assigned us; replies carry it as nlmsg_pid. */
    public int portId() { return portId; }

    /** Sends {@code length} bytes of {@code buffer} to the kernel as one datagram. */
    public void send(MemorySegment buffer, int length) throws NetlinkException {
        iovec.set(ADDRESS, Libc.IOVEC_BASE, buffer);
        iovec.set(JAVA_LONG, Libc.IOVEC_LEN, length);
        msghdr.set(ADDRESS, Libc.MSGHDR_NAME, MemorySegment.NULL);
        msghdr.set(JAVA_INT, Libc.MSGHDR_NAMELEN, 0);
        while (true) {
            long n = Libc.sendmsg(errno, fd, msghdr, 0);
            if (n >= 0) return;
            int e = Libc.errno(errno);
            if (e != Libc.EINTR) throw new NetlinkException("sendmsg(netlink, " + length + " bytes)", e);
        }
    }

    /**
     * Receives one datagram into {@code buffer}.
     *
     * @return its length, or -1 if {@code block} is false and nothing is queued, or the receive
     *         timeout (if one was set) passed
     * @throws NetlinkOverrunException if the kernel dropped messages for us (ENOBUFS)
     */
    public int receive(MemorySegment buffer, boolean block) throws NetlinkException {
        iovec.set(ADDRESS, Libc.IOVEC_BASE, buffer);
        iovec.set(JAVA_LONG, Libc.IOVEC_LEN, buffer.byteSize());
        msghdr.set(ADDRESS, Libc.MSGHDR_NAME, MemorySegment.NULL);
        msghdr.set(JAVA_INT, Libc.MSGHDR_NAMELEN, 0);
        while (true) {
            long n = Libc.recvmsg(errno, fd, msghdr, block ? 0 : Libc.MSG_DONTWAIT);
            if (n >= 0) {
                if ((msghdr.get(JAVA_INT, Libc.MSGHDR_FLAGS) & Libc.MSG_TRUNC) != 0) {
                    throw new NetlinkException("netlink datagram larger than the " + buffer.byteSize() + "-byte receive buffer", 90);
                }
                return (int) n;
            }
            int e = Libc.errno(errno);
            if (e == Libc.EINTR) continue;
            if (e == Libc.EAGAIN) return -1; // nothing queued (non-blocking) or the receive timeout passed
            if (e == Libc.ENOBUFS) throw new NetlinkOverrunException();
            throw new NetlinkException("recvmsg(netlink)", e);
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Libc.close(errno, fd);
        arena.close();
    }
}
