package org.jbgpd.rib;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Lead rows packed into one int while their values fit, two where they do not (ADR 0149). */
class LeadRowsTest {

    @Test
    void valuesOnTheLimitsStayPackedAndTheFirstBeyondWidensOnlyItsPage() {
        int rows = 3 * IntRows.PAGE_ROWS;
        LeadRows lead = new LeadRows(rows);
        int last = rows - 1;
        lead.setRaw(0, LeadRows.RAW_LIMIT - 1);
        lead.setPeerFlags(0, (LeadRows.PEER_LIMIT - 1) << 8 | 31);
        lead.setRaw(last, 7);
        lead.setPeerFlags(last, 3 << 8 | 16);
        assertEquals(0, lead.widePages());
        assertEquals(rows * 4L, lead.footprintBytes(), 64, "4 bytes per row");
        assertEquals(LeadRows.RAW_LIMIT - 1, lead.raw(0));
        assertEquals((LeadRows.PEER_LIMIT - 1) << 8 | 31, lead.peerFlags(0));

        int middle = IntRows.PAGE_ROWS + 5;
        lead.setRaw(middle, 11);
        lead.setPeerFlags(middle, LeadRows.PEER_LIMIT << 8 | 16); // peer slot 128
        assertEquals(1, lead.widePages());
        lead.setRaw(middle + 1, LeadRows.RAW_LIMIT);             // the same page: no second widening
        assertEquals(1, lead.widePages());
        assertEquals(LeadRows.PEER_LIMIT << 8 | 16, lead.peerFlags(middle));
        assertEquals(11, lead.raw(middle));
        assertEquals(LeadRows.RAW_LIMIT, lead.raw(middle + 1));
        assertEquals(LeadRows.RAW_LIMIT - 1, lead.raw(0), "other pages unchanged");
        assertEquals(3 << 8 | 16, lead.peerFlags(last));
    }

    /** Random writes against plain arrays, growing from a small first page, with a few values that do not fit. */
    @Test
    void everyRowReadsBackWhatWasWrittenLastThroughGrowthAndWidening() {
        Random random = new Random(149);
        int rows = 5 * IntRows.PAGE_ROWS / 2;
        int[] raw = new int[rows];
        int[] peerFlags = new int[rows];
        LeadRows lead = new LeadRows(16);
        int limit = 16;
        for (int step = 0; step < 200_000; step++) {
            if (limit < rows && random.nextInt(100) == 0) {
                limit = Math.min(rows, limit * 2);
                lead.ensure(limit);
            }
            int id = random.nextInt(limit);
            int op = random.nextInt(3);
            if (op == 2) {
                int v = random.nextInt(1000) == 0 ? LeadRows.RAW_LIMIT : random.nextInt(LeadRows.RAW_LIMIT);
                int f = (random.nextInt(1000) == 0 ? LeadRows.PEER_LIMIT : random.nextInt(LeadRows.PEER_LIMIT)) << 8 | random.nextInt(32);
                lead.set(id, v, f);
                raw[id] = v;
                peerFlags[id] = f;
            } else if (op == 0) {
                int v = random.nextInt(1000) == 0 ? LeadRows.RAW_LIMIT + random.nextInt(1000) : random.nextInt(LeadRows.RAW_LIMIT);
                lead.setRaw(id, v);
                raw[id] = v;
            } else {
                int peer = random.nextInt(1000) == 0 ? LeadRows.PEER_LIMIT + random.nextInt(60_000) : random.nextInt(LeadRows.PEER_LIMIT);
                int v = peer << 8 | random.nextInt(32);
                lead.setPeerFlags(id, v);
                peerFlags[id] = v;
            }
        }
        for (int id = 0; id < limit; id++) {
            assertEquals(raw[id], lead.raw(id), "raw of row " + id);
            assertEquals(peerFlags[id], lead.peerFlags(id), "peer and flags of row " + id);
            for (int flag = 1; flag <= 16; flag <<= 1) assertEquals((peerFlags[id] & flag) != 0, lead.has(id, flag), "flag " + flag + " of row " + id);
        }
        assertTrue(lead.widePages() > 0, "some values did not fit");
    }
}
