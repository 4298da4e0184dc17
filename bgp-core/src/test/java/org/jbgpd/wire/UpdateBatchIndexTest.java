package org.jbgpd.wire;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The engine reads an UPDATE's batches by index (ADR 0121). Whatever the UPDATE carries and whatever RFC 7606
 * verdict it has, the indexed view must be exactly the lists, and both must follow the rules written out here:
 * withdrawn = the IPv4 field and MP_UNREACH, plus NLRI and MP_REACH under treat-as-withdraw; announced = NLRI and
 * MP_REACH unless treat-as-withdraw; empty batches and a disabled family's batches left out.
 */
class UpdateBatchIndexTest {

    private static final PathAttributes ATTRS = PathAttributes.builder().origin(Origin.IGP).asPath(AsPath.sequence(new long[] {65001}))
            .nextHop(IpAddress.parse("198.51.100.1")).build();

    private static PrefixBatch v4(String... prefixes) {
        List<IpPrefix> l = new ArrayList<>();
        for (String p : prefixes) l.add(IpPrefix.parse(p));
        return PrefixBatch.of(Family.IPV4_UNICAST, l);
    }

    private static PrefixBatch v6(String... prefixes) {
        List<IpPrefix> l = new ArrayList<>();
        for (String p : prefixes) l.add(IpPrefix.parse(p));
        return PrefixBatch.of(Family.IPV6_UNICAST, l);
    }

    @Test
    void indexedBatchesAreTheListsForEveryShapeAndVerdict() {
        PrefixBatch[] withdrawnChoices = {null, v4(), v4("10.20.1.0/24"), v4("10.20.2.0/24", "10.20.3.0/24")};
        PrefixBatch[] nlriChoices = {null, v4(), v4("10.20.4.0/24")};
        PrefixBatch[] mpReachChoices = {null, v6(), v6("2001:db8:1::/48"), v4("10.20.5.0/24")};
        PrefixBatch[] mpUnreachChoices = {null, v6(), v6("2001:db8:2::/48", "2001:db8:3::/48")};
        UpdateErrors[] verdicts = {
                UpdateErrors.NONE,
                new UpdateErrors(UpdateErrors.Action.ATTRIBUTE_DISCARD, null, false, List.of("x")),
                new UpdateErrors(UpdateErrors.Action.TREAT_AS_WITHDRAW, null, true, List.of("x")),
                new UpdateErrors(UpdateErrors.Action.AFI_SAFI_DISABLE, Family.IPV6_UNICAST, false, List.of("x")),
                new UpdateErrors(UpdateErrors.Action.AFI_SAFI_DISABLE, Family.IPV4_UNICAST, true, List.of("x")),
        };
        int shapes = 0;
        for (PrefixBatch w : withdrawnChoices)
            for (PrefixBatch n : nlriChoices)
                for (PrefixBatch r : mpReachChoices)
                    for (PrefixBatch un : mpUnreachChoices)
                        for (UpdateErrors e : verdicts) {
                            Update u = new Update(w, ATTRS, n, r, un, e, null);
                            List<PrefixBatch> expectW = new ArrayList<>();
                            List<PrefixBatch> expectA = new ArrayList<>();
                            for (PrefixBatch b : new PrefixBatch[] {w, un}) keep(b, e, expectW);
                            if (e.withdrawAll()) {
                                keep(n, e, expectW);
                                keep(r, e, expectW);
                            } else {
                                keep(n, e, expectA);
                                keep(r, e, expectA);
                            }
                            assertEquals(expectW, u.withdrawnBatches(), u::toString);
                            assertEquals(expectA, u.announcedBatches(), u::toString);
                            assertEquals(expectW.size(), u.withdrawnBatchCount());
                            assertEquals(expectA.size(), u.announcedBatchCount());
                            for (int k = 0; k < expectW.size(); k++) assertSame(expectW.get(k), u.withdrawnBatch(k));
                            for (int k = 0; k < expectA.size(); k++) assertSame(expectA.get(k), u.announcedBatch(k));
                            int wk = expectW.size(), ak = expectA.size();
                            assertThrows(IndexOutOfBoundsException.class, () -> u.withdrawnBatch(wk));
                            assertThrows(IndexOutOfBoundsException.class, () -> u.announcedBatch(ak));
                            assertEquals(expectW.stream().mapToInt(PrefixBatch::size).sum(), u.withdrawnCount());
                            assertEquals(expectA.stream().mapToInt(PrefixBatch::size).sum(), u.announcedCount());
                            shapes++;
                        }
        assertEquals(4 * 3 * 4 * 3 * 5, shapes);
    }

    private static void keep(PrefixBatch b, UpdateErrors e, List<PrefixBatch> into) {
        if (b != null && !b.isEmpty() && b.family() != e.disabledFamily()) into.add(b);
    }
}
