package org.jbgpd.rib;

import org.jbgpd.fib.InMemoryFib;
import org.jbgpd.wire.AsPath;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.Origin;
import org.jbgpd.wire.PathAttributes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The pool interns attribute sets by value with reference counts (ADR 0107: its own open-addressing index). What a
 * route would show if it went wrong: two routes with equal attributes counted as two sets, a set freed while a route
 * still uses it, or a set found under another set's id after removals moved entries in the table.
 */
class AttributePoolTest {

    private static PathAttributes set(int n) {
        return PathAttributes.builder()
                .origin(Origin.IGP)
                .asPath(AsPath.sequence(64512, 65000 + n % 1000))
                .nextHop(IpAddress.parse("198.51.100." + (1 + n % 200)))
                .med(n)
                .build();
    }

    @Test
    void decisionValuesKeepTheFullUnsignedRangeAndTheAbsenceOfAnOriginatorId() {
        AttributePool pool = new AttributePool(Family.IPV4_UNICAST, new NextHopTable(new InMemoryFib()));
        int high = pool.acquire(PathAttributes.builder().origin(Origin.INCOMPLETE)
                .asPath(AsPath.sequence(4_200_000_000L, 64512)).nextHop(IpAddress.parse("198.51.100.1"))
                .med(0xffff_ffffL).localPref(3_000_000_000L).originatorId(IpAddress.parse("203.0.113.255")).build());
        int plain = pool.acquire(PathAttributes.builder().origin(Origin.EGP)
                .asPath(AsPath.sequence(64512)).nextHop(IpAddress.parse("198.51.100.2")).build());
        assertEquals(3_000_000_000L, pool.localPref(high));
        assertEquals(0xffff_ffffL, pool.med(high));
        assertEquals(4_200_000_000L, pool.neighborAs(high));
        assertEquals(0xcb0071ffL, pool.originatorId(high));
        assertEquals(Origin.INCOMPLETE.code(), pool.origin(high));
        assertEquals(AttributePool.DEFAULT_LOCAL_PREF, pool.localPref(plain));
        assertEquals(0, pool.med(plain), "a missing MED is the lowest");
        assertEquals(-1, pool.originatorId(plain));
        assertEquals(Origin.EGP.code(), pool.origin(plain));
    }

    @Test
    void equalSetsShareOneIdUntilTheirLastReferenceIsReleased() {
        AttributePool pool = new AttributePool(Family.IPV4_UNICAST, new NextHopTable(new InMemoryFib()));
        int id = pool.acquire(set(7));
        assertEquals(id, pool.acquire(set(7)), "an equal set (another object) is the same entry");
        assertNotEquals(id, pool.acquire(set(8)));
        assertEquals(2, pool.size());
        pool.release(id);
        assertEquals(set(7), pool.get(id), "one reference left: still interned");
        pool.release(id);
        assertEquals(1, pool.size());
        assertNull(pool.get(id));
        int again = pool.acquire(set(7));
        assertEquals(set(7), pool.get(again));
        assertEquals(2, pool.size());
    }

    /** Random acquires and releases over 10k sets against a map kept beside it: every live set keeps its id. */
    @Test
    void randomChurnKeepsEverySetUnderItsOwnId() {
        AttributePool pool = new AttributePool(Family.IPV4_UNICAST, new NextHopTable(new InMemoryFib()));
        Map<PathAttributes, Integer> ids = new HashMap<>();
        Map<PathAttributes, Integer> refs = new HashMap<>();
        Random random = new Random(8);
        PathAttributes[] sets = new PathAttributes[10_000];
        for (int n = 0; n < sets.length; n++) sets[n] = set(n);
        for (int step = 0; step < 100_000; step++) {
            PathAttributes a = sets[random.nextInt(sets.length)];
            if (random.nextInt(3) > 0 || !refs.containsKey(a)) {
                int id = pool.acquire(a);
                Integer known = ids.putIfAbsent(a, id);
                if (known != null) assertEquals(known, id, "step " + step + ": " + a);
                refs.merge(a, 1, Integer::sum);
            } else {
                pool.release(ids.get(a));
                if (refs.merge(a, -1, Integer::sum) == 0) {
                    refs.remove(a);
                    ids.remove(a);
                }
            }
        }
        assertEquals(ids.size(), pool.size());
        List<PathAttributes> live = new ArrayList<>(ids.keySet());
        for (PathAttributes a : live) {
            int id = ids.get(a);
            assertEquals(a, pool.get(id));
            assertEquals(id, pool.acquire(set(Math.toIntExact(a.med()))), "found again after the churn: " + a);
        }
    }

    /** ADR 0121: a set remembers where a pool put it; a hint left by another pool, or by a freed id now reused, is never trusted. */
    @Test
    void aStaleOrForeignHintNeverGivesAnotherSetsId() {
        NextHopTable nextHops = new NextHopTable(new InMemoryFib());
        AttributePool v4 = new AttributePool(Family.IPV4_UNICAST, nextHops);
        AttributePool v6 = new AttributePool(Family.IPV6_UNICAST, nextHops);
        PathAttributes filler = set(1), a = set(2), b = set(3);
        int f4 = v4.acquire(filler);
        int a4 = v4.acquire(a);
        int a6 = v6.acquire(a); // the hint now names v6's slot
        assertNotEquals(a4, a6, "the pools number their sets independently here");
        assertEquals(a4, v4.acquire(a), "back in v4: found by value, the foreign hint ignored");
        assertEquals(a6, v6.acquire(a));
        assertSame(a, v4.get(a4));
        v4.release(a4);
        v4.release(a4); // a's last v4 reference: the id is free
        assertNull(v4.get(a4));
        int b4 = v4.acquire(b);
        assertEquals(a4, b4, "the freed id is reused by another set");
        int again = v4.acquire(a); // a's hint still says a4, where b now is
        assertNotEquals(b4, again);
        assertSame(a, v4.get(again));
        assertSame(b, v4.get(b4));
        assertEquals(b4, v4.acquire(set(3)), "an equal set (another object) finds b");
        assertEquals(f4, v4.acquire(filler));
        assertEquals(3, v4.size());
    }
}
