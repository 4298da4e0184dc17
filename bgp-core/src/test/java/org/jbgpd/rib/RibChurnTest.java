package org.jbgpd.rib;

import org.jbgpd.fib.NextHop;
import org.jbgpd.fib.NextHopSet;
import org.jbgpd.wire.IpPrefix;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.jbgpd.rib.RibHarness.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Random announcements, withdrawals and peer resets from three peers, checked after every flush
 * against a model written the obvious way (maps): the FIB holds, per prefix, the next hops of the
 * paths with the highest LOCAL_PREF, and the per-peer counts match. Catches chain, id-reuse and
 * reference-count mistakes that hand-written cases miss.
 */
class RibChurnTest {

    private static final String[] PEERS = {"198.51.100.11", "198.51.100.12", "198.51.100.13"};

    @Test
    void fibAndCountsMatchASimpleModel() {
        RibHarness h = new RibHarness(true);
        for (String p : PEERS) h.up(ibgp(p, p));
        // model: peer -> prefix -> {localPref, next hop}
        Map<String, Map<String, long[]>> model = new HashMap<>();
        for (String p : PEERS) model.put(p, new HashMap<>());
        SplittableRandom r = new SplittableRandom(7);
        for (int round = 0; round < 400; round++) {
            int ops = 1 + r.nextInt(40);
            for (int i = 0; i < ops; i++) {
                String peer = PEERS[r.nextInt(PEERS.length)];
                String prefix = "10.20." + r.nextInt(64) + ".0/24";
                int what = r.nextInt(100);
                if (what < 60) {
                    long lp = r.nextBoolean() ? 100 : 200;
                    int nh = 1 + r.nextInt(4);
                    h.announce(peer, attrs("198.51.100." + (20 + nh)).localPref(lp).build(), prefix);
                    model.get(peer).put(prefix, new long[] {lp, nh});
                } else if (what < 97) {
                    h.withdraw(peer, prefix);
                    model.get(peer).remove(prefix);
                } else {
                    h.rib.peerDown(ip(peer), true);
                    h.rib.peerUp(ibgp(peer, peer));
                    model.get(peer).clear();
                }
            }
            h.rib.flush();
            assertEquals(expectedFib(model), actualFib(h), "round " + round);
            for (String p : PEERS) {
                PeerCounts c = h.counts(p);
                int n = model.get(p).size();
                if (c == null) {
                    assertEquals(0, n);
                    continue;
                }
                assertEquals(n, c.received(), p + " received, round " + round);
                assertEquals(n, c.accepted(), p + " accepted, round " + round);
                assertEquals(installedPaths(model, p), c.installed(), p + " installed, round " + round);
            }
        }
    }

    private static Map<String, String> expectedFib(Map<String, Map<String, long[]>> model) {
        Map<String, Long> bestLp = new HashMap<>();
        model.values().forEach(m -> m.forEach((pfx, v) -> bestLp.merge(pfx, v[0], Math::max)));
        Map<String, TreeSet<String>> hops = new TreeMap<>();
        model.values().forEach(m -> m.forEach((pfx, v) -> {
            if (v[0] == bestLp.get(pfx)) hops.computeIfAbsent(pfx, k -> new TreeSet<>()).add("198.51.100." + (20 + v[1]));
        }));
        Map<String, String> out = new TreeMap<>();
        hops.forEach((pfx, s) -> out.put(pfx, String.join(",", s)));
        return out;
    }

    private static long installedPaths(Map<String, Map<String, long[]>> model, String peer) {
        Map<String, Long> bestLp = new HashMap<>();
        model.values().forEach(m -> m.forEach((pfx, v) -> bestLp.merge(pfx, v[0], Math::max)));
        return model.get(peer).entrySet().stream().filter(e -> e.getValue()[0] == bestLp.get(e.getKey())).count();
    }

    private static Map<String, String> actualFib(RibHarness h) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<IpPrefix, NextHopSet> e : h.fib.routes().entrySet()) {
            TreeSet<String> s = new TreeSet<>();
            for (NextHop nh : e.getValue().asList()) s.add(nh.address().toString());
            out.put(e.getKey().toString(), String.join(",", s));
        }
        return out;
    }

}
