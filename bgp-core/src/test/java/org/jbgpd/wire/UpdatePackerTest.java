package org.jbgpd.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class UpdatePackerTest {

    private static List<IpPrefix> v4Slash24s(int n) {
        List<IpPrefix> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(IpPrefix.unpackV4(IpPrefix.packV4(0x0a000000 + (i << 8), 24)));
        return out;
    }

    private static List<IpPrefix> v6Slash64s(int n) {
        List<IpPrefix> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new IpPrefix(IpAddress.ofV6(0x20010db800000000L + i, 0), 64));
        return out;
    }

    /** Encodes every UPDATE, checks each fits, decodes it back and returns all prefixes in order. */
    private static List<IpPrefix> sendAll(List<Update> updates, CodecOptions o, boolean announced) {
        List<IpPrefix> seen = new ArrayList<>();
        for (Update u : updates) {
            ByteBuf b = Unpooled.buffer();
            new MessageEncoder(o).encode(u, b);
            assertTrue(b.readableBytes() <= o.maxMessageLength(), "fits: " + b.readableBytes());
            Update back = (Update) ((DecodeResult.Ok) new MessageDecoder(o).decodeMessage(b)).message();
            assertEquals(u, back);
            for (PrefixBatch p : announced ? back.announcedBatches() : back.withdrawnBatches()) seen.addAll(p.toList());
        }
        return seen;
    }

    @Test
    void splitsAFullTableIntoFewFullMessages() {
        CodecOptions o = new CodecOptions(true, false, Set.of());
        PathAttributes a = UpdateRoundTripTest.calico();
        List<IpPrefix> prefixes = v4Slash24s(5000);
        List<Update> updates = new UpdatePacker(o).announce(a, PrefixBatch.of(Family.IPV4_UNICAST, prefixes));
        assertEquals(5, updates.size(), "about 1000 /24s per 4096-octet UPDATE");
        assertEquals(prefixes, sendAll(updates, o, true));
    }

    @Test
    void ipv6WithAddPathInMpReachAndWithdrawals() {
        CodecOptions o = new CodecOptions(true, false, Set.of(Family.IPV6_UNICAST));
        PathAttributes a = UpdateRoundTripTest.calico().toBuilder().nextHop(null)
                .mpNextHop(new MpNextHop(IpAddress.parse("2001:db8::11"), IpAddress.parse("fe80::1"))).build();
        List<IpPrefix> prefixes = v6Slash64s(3000);
        int[] ids = new int[prefixes.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = i + 1;
        PrefixBatch batch = PrefixBatch.of(Family.IPV6_UNICAST, prefixes, ids);
        UpdatePacker packer = new UpdatePacker(o);
        assertEquals(prefixes, sendAll(packer.announce(a, batch), o, true));
        List<Update> withdrawals = packer.withdraw(batch);
        assertTrue(withdrawals.size() > 1);
        assertEquals(prefixes, sendAll(withdrawals, o, false));
    }

    @Test
    void extendedMessagesNeedFewerUpdates() {
        CodecOptions o = new CodecOptions(true, true, Set.of());
        List<IpPrefix> prefixes = v4Slash24s(20000);
        List<Update> updates = new UpdatePacker(o).withdraw(PrefixBatch.of(Family.IPV4_UNICAST, prefixes));
        assertEquals(2, updates.size());
        assertEquals(prefixes, sendAll(updates, o, false));
        assertEquals(List.of(), new UpdatePacker(o).withdraw(PrefixBatch.empty(Family.IPV4_UNICAST)));
    }
}
