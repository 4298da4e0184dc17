package org.jbgpd.rib;

import org.jbgpd.fib.InMemoryFib;
import org.jbgpd.fib.NextHop;
import org.jbgpd.fib.NextHopSet;
import org.jbgpd.policy.Policy;
import org.jbgpd.wire.AsPath;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.jbgpd.wire.MpNextHop;
import org.jbgpd.wire.Origin;
import org.jbgpd.wire.PathAttributes;
import org.jbgpd.wire.PrefixBatch;
import org.jbgpd.wire.Update;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** A Rib with an in-memory FIB, a recording sink and a hand-driven clock: no threads, no sleeping. */
final class RibHarness {

    static final long LOCAL_AS = 64512;
    static final IpAddress ROUTER_ID = IpAddress.parse("198.51.100.250");

    final InMemoryFib fib = new InMemoryFib();
    final List<String> sent = new ArrayList<>();
    final List<ExportBatch> exports = new ArrayList<>();
    long now = 1_000_000;
    final Rib rib;

    RibHarness(RibConfig config) {
        OutboundSink sink = new OutboundSink() {
            @Override public void send(IpAddress peer, ExportBatch batch) {
                exports.add(batch);
                for (ExportBatch.Group g : batch.announced()) {
                    for (int i = 0; i < g.prefixes().size(); i++) sent.add(peer + " announce " + g.prefixes().prefix(i) + " " + describe(g.attributes()));
                }
                for (int i = 0; i < batch.withdrawn().size(); i++) sent.add(peer + " withdraw " + batch.withdrawn().prefix(i));
            }
            @Override public void endOfRib(IpAddress peer, Family family) { sent.add(peer + " eor " + family.configName()); }
            @Override public void maxPrefixExceeded(IpAddress peer, Family family, long limit) { sent.add(peer + " maxPrefix " + family.configName() + " " + limit); }
        };
        rib = new Rib(config, fib, sink, () -> now, 16, 16);
        fib.connect(new org.jbgpd.fib.FibListener() {
            @Override public void applied(long sequence, int failedRoutes) { }
            @Override public void nextHopsChanged(List<org.jbgpd.fib.NextHopState> states) { rib.nextHopsChanged(states); }
        });
    }

    RibHarness(boolean ecmp) { this(RibConfig.of(ROUTER_ID, LOCAL_AS, ecmp)); }

    static IpAddress ip(String s) { return IpAddress.parse(s); }

    static IpPrefix pfx(String s) { return IpPrefix.parse(s); }

    /** Attributes with the next hop where the codec puts it: NEXT_HOP for IPv4, MP_REACH_NLRI for IPv6. */
    static PathAttributes.Builder attrs(String nextHop) {
        IpAddress nh = ip(nextHop);
        PathAttributes.Builder b = PathAttributes.builder().origin(Origin.IGP).asPath(AsPath.EMPTY);
        return nh.isV4() ? b.nextHop(nh) : b.mpNextHop(MpNextHop.of(nh));
    }

    /** What a test compares of exported attributes. */
    static String describe(PathAttributes a) {
        IpAddress nh = a.nextHop() != null ? a.nextHop() : a.mpNextHop().global();
        return "nextHop=" + nh + " asPath=[" + a.asPath() + "] localPref=" + a.localPref() + " med=" + a.med();
    }

    static RibPeer ibgp(String address, String routerId) {
        return new RibPeer("p" + address, ip(address), ip("198.51.100.250"), LOCAL_AS, LOCAL_AS, ip(routerId),
                Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST), Set.of(), null, null, null, 0);
    }

    static RibPeer ebgp(String address, long as, Policy importPolicy) {
        return new RibPeer("p" + address, ip(address), ip("198.51.100.250"), as, LOCAL_AS, ip(address),
                Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST), Set.of(), null, importPolicy, null, 0);
    }

    void up(RibPeer p) {
        rib.peerUp(p);
        rib.flush();
    }

    void announce(String peer, PathAttributes a, String... prefixes) {
        announcePaths(peer, a, 0, prefixes);
    }

    void announcePaths(String peer, PathAttributes a, int pathId, String... prefixes) {
        rib.update(ip(peer), Update.announce(a, batch(pathId, prefixes)));
    }

    void withdraw(String peer, String... prefixes) {
        rib.update(ip(peer), Update.withdraw(batch(0, prefixes)));
    }

    static PrefixBatch batch(int pathId, String... prefixes) {
        List<IpPrefix> list = Arrays.stream(prefixes).map(IpPrefix::parse).toList();
        int[] ids = new int[list.size()];
        Arrays.fill(ids, pathId);
        return PrefixBatch.of(list.getFirst().family(), list, pathId == 0 ? null : ids);
    }

    /** The next hops installed for a prefix, as text, sorted; "" when nothing is installed. */
    String installed(String prefix) {
        NextHopSet s = fib.route(pfx(prefix));
        if (s == null) return "";
        return String.join(",", s.asList().stream().map(NextHop::toString).toList());
    }

    /** The peer address of the best path of a prefix. */
    String best(String prefix) {
        List<RouteView> v = rib.routes(pfx(prefix));
        if (v.isEmpty() || !v.getFirst().paths().getFirst().best()) return null;
        return v.getFirst().paths().getFirst().peerAddress().toString();
    }

    PeerCounts counts(String peer) {
        return rib.counts().stream().filter(c -> c.address().equals(ip(peer))).findFirst().orElse(null);
    }

    static List<String> sorted(List<String> in) {
        String[] a = in.toArray(String[]::new);
        Arrays.sort(a);
        return List.of(a);
    }
}
