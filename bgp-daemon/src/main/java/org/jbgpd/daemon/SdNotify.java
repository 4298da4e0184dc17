package org.jbgpd.daemon;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's readiness protocol: one datagram per state ("READY=1", "RELOADING=1", "STOPPING=1",
 * "WATCHDOG=1") to the AF_UNIX socket named by NOTIFY_SOCKET. The JDK has no Unix datagram
 * sockets, so this sends through libc with FFM; a path or an abstract ("@name") socket both work.
 * Without NOTIFY_SOCKET (not under systemd) every call does nothing.
 */
public final class SdNotify {

    private static final Logger log = LoggerFactory.getLogger(SdNotify.class);
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SUN_PATH = 108;

    /**
     * The libc calls, bound on the first notification: three downcall handles cost ~40 ms of a cold start's CPU
     * (class loading and spinning; measured after the netlink ones, 2026-12-03), which a daemon that is not under
     * systemd would pay for nothing.
     */
    private static final class Libc {
        static final Linker LINKER = Linker.nativeLinker();
        static final MethodHandle SOCKET = bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle SENDTO = bind("sendto", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

        private static MethodHandle bind(String name, FunctionDescriptor fd) {
            return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd);
        }
    }

    private final String socket;

    public SdNotify(String socket) { this.socket = socket == null || socket.isEmpty() ? null : socket; }

    public static SdNotify fromEnvironment() { return new SdNotify(System.getenv("NOTIFY_SOCKET")); }

    public boolean enabled() { return socket != null; }

    /** Sends one state message; failures are logged, never thrown (systemd's absence must not stop the daemon). */
    public void notify(String state) {
        if (socket == null) return;
        byte[] path = socket.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = path[0] == '@';
        if (path.length >= SUN_PATH) {
            log.warn("NOTIFY_SOCKET is too long for a Unix socket address; not notifying systemd");
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = arena.allocate(2 + SUN_PATH);
            addr.set(JAVA_SHORT, 0, (short) AF_UNIX);
            for (int i = 0; i < path.length; i++) addr.set(JAVA_BYTE, 2 + i, path[i]);
            if (abstractName) addr.set(JAVA_BYTE, 2, (byte) 0);
            int addrLen = 2 + path.length + (abstractName ? 0 : 1);
            byte[] msg = state.getBytes(StandardCharsets.UTF_8);
            MemorySegment buf = arena.allocate(msg.length);
            MemorySegment.copy(msg, 0, buf, JAVA_BYTE, 0, msg.length);
            int fd = (int) Libc.SOCKET.invokeExact(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                log.warn("sd_notify: cannot create a datagram socket");
                return;
            }
            try {
                long sent = (long) Libc.SENDTO.invokeExact(fd, buf, (long) msg.length, 0, addr, addrLen);
                if (sent < 0) log.warn("sd_notify: sending {} to {} failed", state.replace('\n', ' '), socket);
            } finally {
                int ignored = (int) Libc.CLOSE.invokeExact(fd);
            }
        } catch (Throwable t) {
            log.warn("sd_notify failed: {}", t.toString());
        }
    }
}
