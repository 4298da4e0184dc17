package org.jbgpd.bench.wire;

import org.jbgpd.wire.CodecOptions;
import org.jbgpd.wire.Family;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The BGP messages of an MRT updates file (BGP4MP / BGP4MP_ET records, RFC 6396 §4.4), walked
 * with the fewest lines possible so the benchmark measures the codec, not an MRT reader. Public: the
 * harness's null receiver is tested against the project's decoder on the same real messages.
 */
public record MrtUpdateMessages(List<byte[]> messages, List<CodecOptions> options) {

    /** The RIS file lives in the repository's test resources and in the shared data folder. */
    public static Path locate(String name) {
        for (String dir : List.of("bgp-core/src/test/resources/mrt", "../bgp-core/src/test/resources/mrt", "/work/shared/data/mrt")) {
            Path p = Path.of(dir, name);
            if (Files.isReadable(p)) return p;
        }
        throw new IllegalStateException(name + " not found: run the benchmark from the repository root");
    }

    public static MrtUpdateMessages read(Path gz) throws IOException {
        byte[] all;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            all = in.readAllBytes();
        }
        List<byte[]> messages = new ArrayList<>();
        List<CodecOptions> options = new ArrayList<>();
        int pos = 0;
        while (pos + 12 <= all.length) {
            int type = u16(all, pos + 4);
            int subtype = u16(all, pos + 6);
            int length = (int) (u32(all, pos + 8));
            int body = pos + 12;
            pos = body + length;
            if (type == 17) { body += 4; length -= 4; } // BGP4MP_ET: microsecond timestamp first
            if ((type != 16 && type != 17) || !(subtype == 1 || subtype == 4 || (subtype >= 6 && subtype <= 11))) continue;
            boolean as4 = subtype == 4 || subtype == 7 || subtype == 9 || subtype == 11;
            boolean addPath = subtype >= 8;
            int asLen = as4 ? 4 : 2;
            int ipLen = u16(all, body + 2 * asLen + 2) == 2 ? 16 : 4;
            int msg = body + 2 * asLen + 4 + 2 * ipLen;
            byte[] m = new byte[body + length - msg];
            System.arraycopy(all, msg, m, 0, m.length);
            messages.add(m);
            options.add(new CodecOptions(as4, true, addPath ? Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST) : Set.of()));
        }
        return new MrtUpdateMessages(messages, options);
    }

    private static int u16(byte[] b, int p) { return (b[p] & 0xff) << 8 | (b[p + 1] & 0xff); }

    private static long u32(byte[] b, int p) { return (long) u16(b, p) << 16 | u16(b, p + 2); }
}
