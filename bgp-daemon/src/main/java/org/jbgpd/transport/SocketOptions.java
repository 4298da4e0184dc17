package org.jbgpd.transport;

import org.jbgpd.wire.IpPrefix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * The socket options Netty does not expose, set with setsockopt(2) through java.lang.foreign on a channel's file
 * descriptor: TTL and minimum TTL for GTSM (RFC 5082) and prefix keys for TCP MD5 (TCP_MD5SIG_EXT, Linux 4.13+).
 * Netty's epoll sockets are IPv6 sockets that also carry IPv4 (v4-mapped), so IPv4 options are set on both levels.
 */
final class SocketOptions {

    static final int IPPROTO_IP = 0;
    static final int IPPROTO_TCP = 6;
    static final int IPPROTO_IPV6 = 41;
    static final int IP_TTL = 2;
    static final int IP_MINTTL = 21;
    static final int IPV6_UNICAST_HOPS = 16;
    static final int IPV6_MINHOPCOUNT = 73;
    static final int TCP_MD5SIG_EXT = 32;
    static final int TCP_MD5SIG_FLAG_PREFIX = 1;
    static final int TCP_MD5SIG_MAXKEYLEN = 80;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;

    /** struct tcp_md5sig from linux/tcp.h: a sockaddr_storage, flags, prefix length, key length, ifindex, key. */
    private static final int MD5SIG_SIZE = 128 + 1 + 1 + 2 + 4 + TCP_MD5SIG_MAXKEYLEN;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SETSOCKOPT = LINKER.downcallHandle(
            LINKER.defaultLookup().find("setsockopt").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"));

    private SocketOptions() {}

    /** Outgoing TTL / hop limit for both IPv4 (and v4-mapped) and IPv6 traffic of the socket. */
    static void setTtl(int fd, boolean ipv6Socket, int ttl) throws IOException {
        setInt(fd, IPPROTO_IP, IP_TTL, ttl, "IP_TTL");
        if (ipv6Socket) setInt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, ttl, "IPV6_UNICAST_HOPS");
    }

    /** GTSM: drop segments that arrive with a lower TTL / hop limit. */
    static void setMinimumTtl(int fd, boolean ipv6Socket, int minTtl) throws IOException {
        setInt(fd, IPPROTO_IP, IP_MINTTL, minTtl, "IP_MINTTL");
        if (ipv6Socket) setInt(fd, IPPROTO_IPV6, IPV6_MINHOPCOUNT, minTtl, "IPV6_MINHOPCOUNT");
    }

    /**
     * Installs (or with a null key removes) a TCP MD5 key for every address in {@code prefix}. On an IPv6 socket an
     * IPv4 prefix is given in v4-mapped form with its IPv4 length, which the kernel stores as an IPv4 key.
     */
    static void setMd5Prefix(int fd, boolean ipv6Socket, IpPrefix prefix, String key) throws IOException {
        byte[] keyBytes = key == null ? new byte[0] : key.getBytes(StandardCharsets.UTF_8);
        if (keyBytes.length > TCP_MD5SIG_MAXKEYLEN) throw new IOException("TCP MD5 key longer than 80 octets");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(MD5SIG_SIZE, 8);
            byte[] addr = prefix.address().toBytes();
            if (ipv6Socket) {
                s.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET6);
                byte[] v6 = addr;
                if (addr.length == 4) {
                    v6 = new byte[16];
                    v6[10] = (byte) 0xff;
                    v6[11] = (byte) 0xff;
                    System.arraycopy(addr, 0, v6, 12, 4);
                }
                MemorySegment.copy(v6, 0, s, ValueLayout.JAVA_BYTE, 8, 16);
            } else {
                if (addr.length != 4) throw new IOException("IPv6 prefix on an IPv4 socket: " + prefix);
                s.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
                MemorySegment.copy(addr, 0, s, ValueLayout.JAVA_BYTE, 4, 4);
            }
            s.set(ValueLayout.JAVA_BYTE, 128, (byte) TCP_MD5SIG_FLAG_PREFIX);
            s.set(ValueLayout.JAVA_BYTE, 129, (byte) prefix.length());
            s.set(ValueLayout.JAVA_SHORT, 130, (short) keyBytes.length);
            MemorySegment.copy(keyBytes, 0, s, ValueLayout.JAVA_BYTE, 136, keyBytes.length);
            call(fd, IPPROTO_TCP, TCP_MD5SIG_EXT, s, MD5SIG_SIZE, "TCP_MD5SIG_EXT " + prefix);
        }
    }

    private static void setInt(int fd, int level, int option, int value, String name) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(ValueLayout.JAVA_INT);
            v.set(ValueLayout.JAVA_INT, 0, value);
            call(fd, level, option, v, 4, name + "=" + value);
        }
    }

    private static void call(int fd, int level, int option, MemorySegment value, int length, String what) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int rc = (int) SETSOCKOPT.invokeExact(state, fd, level, option, value, length);
            if (rc != 0) throw new IOException("setsockopt " + what + " failed: errno " + (int) ERRNO.get(state, 0L));
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("setsockopt " + what + " failed", t);
        }
    }
}
