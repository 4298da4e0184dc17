package org.jbgpd.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.jbgpd.config.NeighborRangeConfig;
import org.jbgpd.config.PeerConfig;
import org.jbgpd.config.SessionSettings;
import org.jbgpd.transport.NeighborRange;
import org.jbgpd.transport.PeerParameters;
import org.jbgpd.wire.IpAddress;

/** Config peers and ranges as the transport wants them. Reads the MD5 key from its file here, at the last moment. */
final class PeerMapping {

    private PeerMapping() {}

    static PeerParameters peer(PeerConfig p) throws IOException {
        return parameters(p.name(), p.address(), p.session());
    }

    static NeighborRange range(NeighborRangeConfig r) throws IOException {
        // The template's address is replaced per connecting neighbor; the range's own address stands in.
        return new NeighborRange(r.name(), r.range(), parameters(r.name(), r.range().address(), r.session()).withPassive(true));
    }

    private static PeerParameters parameters(String name, IpAddress address, SessionSettings s) throws IOException {
        return new PeerParameters(name, address, s.port(), s.asNumber(), key(s), s.holdTime(), s.keepaliveTime(), s.connectRetryTime(),
                s.passive(), s.ttlSecurity(), 0, s.sourceAddress(), s.families(), s.gracefulRestart().enabled(),
                s.gracefulRestart().restartTime(), true);
    }

    /** The key without a trailing newline (editors add one); never logged. */
    private static String key(SessionSettings s) throws IOException {
        if (s.passwordFile() == null) return null;
        String k = Files.readString(s.passwordFile(), StandardCharsets.UTF_8);
        return k.strip();
    }
}
