package org.jbgpd.daemon;

import org.jbgpd.cli.CtlRun;
import org.jbgpd.config.ConfigLoader;
import org.jbgpd.control.JsonCodec;
import org.jbgpd.control.PathEntry;
import org.jbgpd.control.RouteEntry;
import org.jbgpd.mrt.Bgp4mpMessage;
import org.jbgpd.mrt.MrtRecord;
import org.jbgpd.mrt.MrtRecordReader;
import org.jbgpd.mrt.MrtType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real traffic through the whole daemon: the UPDATEs that RIPE RIS peers sent (the MRT files of the wire tests) are
 * replayed byte for byte over real BGP sessions on loopback, one session per RIS peer, each opened as that peer's AS
 * (with the 4-octet AS capability only where the collector's session had it), into a jbgpd with the kernel off (no
 * root needed). Afterwards jbgpd's Loc-RIB must hold, per peer, exactly the prefixes bgpdump's text says the peer
 * still announced at the end of the file, each with the AS path and ORIGIN bgpdump printed, and as best path the one
 * RFC 4271's decision process picks among the peers: implicit withdraws, withdrawals,
 * MP_REACH/MP_UNREACH for IPv6, AS_SETs and, in the 2007 file, 2-octet AS sessions (their messages carry no AS4_PATH)
 * all go through the session, decoder and route engine as a peer would send them.
 */
class RealTrafficReplayTest {

    private Daemon daemon;
    private final List<Socket> sessions = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sessions) s.close();
        if (daemon != null) daemon.close();
    }

    @ParameterizedTest
    @CsvSource({
            "updates.20160811.1600.gz, 37.49.236.145 2001:7f8:54::74 37.49.232.7",
            "updates.20070211.0141.gz, 195.66.226.35 2001:7f8:4::d1c:1 195.66.224.138",
    })
    void theLocRibHoldsWhatEachReplayedPeerStillAnnouncesWithItsAsPath(String file, String peerList, @org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        List<String> risPeers = List.of(peerList.split(" "));
        Map<String, List<Bgp4mpMessage>> updates = updatesOf(resource(dir, file), risPeers);
        Map<String, Map<String, String>> want = finalRoutes(resource(dir, file + ".expected.gz"), risPeers);

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        StringBuilder peers = new StringBuilder();
        for (int i = 0; i < risPeers.size(); i++) {
            Bgp4mpMessage first = updates.get(risPeers.get(i)).getFirst();
            peers.append("  - {name: ris").append(i).append(", address: 127.0.0.").append(11 + i).append(", asNumber: ")
                    .append(first.peerAs()).append(", passive: true, families: [ipv4, ipv6], importPolicy: everything}\n");
        }
        Path config = dir.resolve("jbgpd.yaml");
        Files.writeString(config, """
                routerId: 192.0.2.1
                asNumber: 4200000001
                listen: {address: 127.0.0.1, port: %d}
                peers:
                %s
                policies:
                  everything:
                    - {action: accept, prefix: 0.0.0.0/0, maxLength: 32}
                    - {action: accept, prefix: "::/0", maxLength: 128}
                kernel: {enabled: false}
                control: {socket: %s}
                metrics: {enabled: false}
                """.formatted(port, peers.toString().stripTrailing(), dir.resolve("jbgpd.sock")));
        daemon = Daemon.start(config, ConfigLoader.load(config), new SdNotify(null));

        long sent = 0;
        for (int i = 0; i < risPeers.size(); i++) {
            List<Bgp4mpMessage> messages = updates.get(risPeers.get(i));
            Socket s = new Socket();
            sessions.add(s);
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0." + (11 + i)), 0));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            establish(s, messages.getFirst(), "127.0.0." + (11 + i));
            OutputStream out = s.getOutputStream();
            for (Bgp4mpMessage m : messages) out.write(m.record(), m.messageOffset(), m.messageLength());
            out.flush();
            sent += messages.size();
        }
        assertTrue(sent > 1000, "replayed " + sent + " UPDATEs");

        want.put(BEST, bestPaths(want));
        Map<String, Map<String, String>> have = Map.of();
        for (int tries = 0; tries < 200; tries++) {
            have = locRib(dir.resolve("jbgpd.sock"), risPeers.size());
            if (have.equals(want)) break;
            Thread.sleep(100);
        }
        assertEquals(Map.of(), difference(want.get(BEST), have.get(BEST)), "best paths (prefix: [bgpdump model, jbgpd])");
        for (int i = 0; i < risPeers.size(); i++) {
            String peer = "ris" + i;
            Map<String, String> w = want.get(peer), h = have.getOrDefault(peer, Map.of());
            assertTrue(w.size() > 100, risPeers.get(i) + " still announces " + w.size() + " prefixes at the end of " + file);
            List<String> wrong = new ArrayList<>();
            for (String prefix : union(w, h)) {
                if (!String.valueOf(w.get(prefix)).equals(String.valueOf(h.get(prefix)))) {
                    wrong.add(prefix + ": jbgpd " + h.get(prefix) + ", bgpdump " + w.get(prefix));
                }
            }
            assertEquals(List.of(), wrong.subList(0, Math.min(10, wrong.size())),
                    risPeers.get(i) + ": " + wrong.size() + " of " + w.size() + " prefixes differ");
        }
    }

    private static final String BEST = "best";

    /**
     * The best path per prefix by RFC 4271 9.1.2.2 for these sessions: every path is eBGP from a different neighbour
     * AS with no LOCAL_PREF (so MED never compares) and the same IGP cost, so it comes down to the shortest AS path (a
     * set counts one), the lowest ORIGIN, then the lowest BGP identifier: ris0's (127.0.0.11) is the lowest.
     */
    private static Map<String, String> bestPaths(Map<String, Map<String, String>> routes) {
        Map<String, String> best = new TreeMap<>();
        Map<String, long[]> rank = new TreeMap<>();
        for (var peer : routes.entrySet()) {
            long peerIndex = Long.parseLong(peer.getKey().substring(3));
            for (var route : peer.getValue().entrySet()) {
                String[] words = route.getValue().split(" ");
                long length = words.length - 1; // the last word is the ORIGIN
                long origin = List.of("IGP", "EGP", "INCOMPLETE").indexOf(words[words.length - 1]);
                long[] r = {length, origin, peerIndex};
                long[] old = rank.get(route.getKey());
                if (old == null || java.util.Arrays.compare(r, old) < 0) {
                    rank.put(route.getKey(), r);
                    best.put(route.getKey(), peer.getKey());
                }
            }
        }
        return best;
    }

    private static Map<String, List<String>> difference(Map<String, String> want, Map<String, String> have) {
        Map<String, List<String>> d = new TreeMap<>();
        Map<String, String> h = have == null ? Map.of() : have;
        for (String prefix : union(want, h)) {
            if (!String.valueOf(want.get(prefix)).equals(String.valueOf(h.get(prefix))) && d.size() < 10) {
                d.put(prefix, java.util.Arrays.asList(want.get(prefix), h.get(prefix)));
            }
        }
        return d;
    }

    /** The RIS files of bgp-core's tests (its test jar), copied out to be read as files. */
    private static Path resource(Path dir, String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = RealTrafficReplayTest.class.getResourceAsStream("/mrt/" + name)) {
            assertTrue(in != null, "/mrt/" + name + " on the test classpath (bgp-core's test jar)");
            Files.copy(in, p);
        }
        return p;
    }

    /** Each peer's UPDATE messages in file order (BGP4MP MESSAGE records received from it). */
    private static Map<String, List<Bgp4mpMessage>> updatesOf(Path file, List<String> risPeers) throws IOException {
        Map<String, List<Bgp4mpMessage>> out = new LinkedHashMap<>();
        for (String p : risPeers) out.put(p, new ArrayList<>());
        try (MrtRecordReader reader = MrtRecordReader.open(file)) {
            for (MrtRecord r; (r = reader.next()) != null; ) {
                if ((r.type() != MrtType.BGP4MP && r.type() != MrtType.BGP4MP_ET) || !Bgp4mpMessage.handles(r.subtype())) continue;
                Bgp4mpMessage m = Bgp4mpMessage.parse(r.subtype(), r.body());
                if (m == null || m.local() || m.addPath() || m.messageType() != 2) continue;
                List<Bgp4mpMessage> list = out.get(m.peerIp().toString());
                if (list != null) list.add(m);
            }
        }
        for (var e : out.entrySet()) assertTrue(!e.getValue().isEmpty(), "no UPDATE from " + e.getKey() + " in " + file);
        return out;
    }

    /** From bgpdump's lines: per peer (named ris0, ris1, ... as in the config), prefix -> AS path at the end of the file. */
    private static Map<String, Map<String, String>> finalRoutes(Path expected, List<String> risPeers) throws IOException {
        Map<String, Map<String, String>> want = new TreeMap<>();
        for (int i = 0; i < risPeers.size(); i++) want.put("ris" + i, new TreeMap<>());
        try (InputStream in = new GZIPInputStream(Files.newInputStream(expected));
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line; (line = lines.readLine()) != null; ) {
                String[] f = line.split("\\|", -1);
                int i = f.length > 5 ? risPeers.indexOf(f[3]) : -1;
                if (i < 0) continue;
                Map<String, String> routes = want.get("ris" + i);
                switch (f[2]) {
                    case "A" -> routes.put(f[5], f[6] + " " + f[7]);
                    case "W" -> routes.remove(f[5]);
                    default -> throw new AssertionError("a peer whose session changed state cannot be replayed as one session: " + line);
                }
            }
        }
        return want;
    }

    private static Map<String, Map<String, String>> locRib(Path socket, int peers) throws Exception {
        CtlRun r = CtlRun.of(socket, "-o", "json", "show", "routes");
        assertEquals(0, r.status(), r.text());
        Map<String, Map<String, String>> have = new TreeMap<>();
        for (int i = 0; i < peers; i++) have.put("ris" + i, new TreeMap<>());
        for (RouteEntry route : new JsonCodec().readList(r.out().getBytes(StandardCharsets.UTF_8), RouteEntry.class)) {
            for (PathEntry p : route.paths()) {
                have.get(p.peer()).put(route.prefix(), p.asPath() + " " + p.origin());
                if (p.best()) have.computeIfAbsent(BEST, k -> new TreeMap<>()).put(route.prefix(), p.peer());
            }
        }
        return have;
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        TreeMap<String, String> all = new TreeMap<>(a);
        all.putAll(b);
        return new ArrayList<>(all.keySet());
    }

    /**
     * OPEN as the recorded peer (its AS; the 4-octet AS capability only if its messages carry 4-octet AS paths;
     * IPv4 and IPv6 unicast), then KEEPALIVEs both ways; what jbgpd sends afterwards is read and dropped.
     */
    private static void establish(Socket s, Bgp4mpMessage recorded, String bgpId) throws IOException {
        ByteArrayOutputStream caps = new ByteArrayOutputStream();
        caps.writeBytes(new byte[] {1, 4, 0, 1, 0, 1, 1, 4, 0, 2, 0, 1});
        long as = recorded.peerAs();
        if (recorded.fourOctetAs()) {
            caps.writeBytes(new byte[] {65, 4, (byte) (as >>> 24), (byte) (as >>> 16), (byte) (as >>> 8), (byte) as});
        }
        int as2 = as > 0xffff ? 23456 : (int) as;
        byte[] id = InetAddress.getByName(bgpId).getAddress();
        ByteArrayOutputStream open = new ByteArrayOutputStream();
        open.writeBytes(new byte[] {4, (byte) (as2 >>> 8), (byte) as2, 0, (byte) 180, id[0], id[1], id[2], id[3]});
        open.write(caps.size() + 2);
        open.write(2);
        open.write(caps.size());
        open.writeBytes(caps.toByteArray());
        OutputStream out = s.getOutputStream();
        out.write(message(1, open.toByteArray()));
        DataInputStream in = new DataInputStream(s.getInputStream());
        assertEquals(1, readType(in), "jbgpd answers with its OPEN");
        out.write(message(4, new byte[0]));
        int type;
        while ((type = readType(in)) != 4) assertTrue(type != 3, "jbgpd sent a NOTIFICATION instead of its KEEPALIVE");
        Thread.ofVirtual().start(() -> {
            try {
                while (true) readType(in);
            } catch (IOException closed) {
                // the test closes the session at its end
            }
        });
    }

    private static byte[] message(int type, byte[] body) {
        byte[] m = new byte[19 + body.length];
        java.util.Arrays.fill(m, 0, 16, (byte) 0xff);
        m[16] = (byte) (m.length >>> 8);
        m[17] = (byte) m.length;
        m[18] = (byte) type;
        System.arraycopy(body, 0, m, 19, body.length);
        return m;
    }

    private static int readType(DataInputStream in) throws IOException {
        byte[] header = new byte[19];
        in.readFully(header);
        in.readFully(new byte[((header[16] & 0xff) << 8 | header[17] & 0xff) - 19]);
        return header[18];
    }
}
