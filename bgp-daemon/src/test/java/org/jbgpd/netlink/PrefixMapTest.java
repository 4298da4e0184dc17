package org.jbgpd.netlink;

import org.jbgpd.wire.IpPrefix;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PrefixMapTest {

    @Test
    void behavesLikeAHashMapUnderRandomPutsAndRemoves() {
        PrefixMap<String> map = new PrefixMap<>();
        Map<IpPrefix, String> reference = new HashMap<>();
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            // a small key space so removes hit, both families, lengths that make equal bits differ
            int n = r.nextInt(5000);
            IpPrefix p = n % 3 == 0
                    ? IpPrefix.parse("2001:db8:" + Integer.toHexString(n) + "::/48")
                    : IpPrefix.of(org.jbgpd.wire.IpAddress.ofV4(0x0a140000 | (n & 0xff) << 8), n % 2 == 0 ? 24 : 16 + (n & 7));
            if (r.nextInt(3) == 0) {
                assertEquals(reference.remove(p), map.remove(p));
            } else {
                String v = "v" + i;
                assertEquals(reference.put(p, v), map.put(p, v));
            }
            assertEquals(reference.size(), map.size());
        }
        for (var e : reference.entrySet()) assertEquals(e.getValue(), map.get(e.getKey()));
        int seen = 0;
        for (int s = 0; s < map.capacity(); s++) {
            if (!map.used(s)) continue;
            seen++;
            assertEquals(reference.get(map.prefix(s)), map.value(s));
        }
        assertEquals(reference.size(), seen);
        assertNull(map.get(IpPrefix.parse("192.0.2.0/24")));
    }
}
