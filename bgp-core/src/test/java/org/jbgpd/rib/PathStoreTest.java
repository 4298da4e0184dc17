package org.jbgpd.rib;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Paths in lead rows and further rows (ADR 0144): chains keep their paths and columns as paths come and go. */
class PathStoreTest {

    /** The chain of a prefix as "peer:pathId:raw:eff" strings, newest first. */
    private static List<String> chain(PathStore s, int prefix) {
        List<String> out = new ArrayList<>();
        for (int p = s.head(prefix); p != PathStore.NIL; p = s.next(p)) {
            out.add(s.peer(p) + ":" + s.pathId(p) + ":" + s.raw(p) + ":" + s.eff(p) + (s.has(p, PathStore.STALE) ? ":stale" : ""));
        }
        return out;
    }

    @Test
    void aPrefixWithOnePathNeedsNoRowBesideItsLeadRow() {
        PathStore s = new PathStore(16);
        for (int id = 0; id < 1000; id++) {
            if (id >= 16) s.ensurePrefixes(id + 1);
            assertEquals(id, s.add(id, 1, 0, 7, 7));
        }
        assertEquals(1000, s.size());
        // 4 bytes per prefix (packed lead rows, ADR 0149, in a first page sized 1024), a second table of 16 rows not
        // yet used, no next column
        assertTrue(s.footprintBytes() < 1000 * 5, "bytes " + s.footprintBytes());
        s.add(5, 2, 0, 8, 8); // a second path takes a row of the second table and brings the lead rows' next column
        assertTrue(s.footprintBytes() > 1024 * 8, "bytes " + s.footprintBytes());
        assertEquals(List.of("2:0:8:8", "1:0:7:7"), chain(s, 5));
        assertEquals(List.of("1:0:7:7"), chain(s, 6));
    }

    @Test
    void removingTheLeadPathMovesTheNextOneIntoItsRowWithItsColumns() {
        PathStore s = new PathStore(16);
        s.add(3, 1, 0, 10, 10);
        s.add(3, 2, 41, 20, 21);          // an add-path id and attributes changed by policy
        s.add(3, 3, 0, 30, PathStore.NIL); // rejected by policy
        int older = s.next(s.next(s.head(3)));
        s.set(older, PathStore.STALE, true);
        assertEquals(List.of("3:0:30:-1", "2:41:20:21", "1:0:10:10:stale"), chain(s, 3));

        int head = s.head(3);
        int cont = s.remove(3, head, PathStore.NIL);
        assertEquals(head, cont, "the next path now sits in the lead row");
        assertEquals(List.of("2:41:20:21", "1:0:10:10:stale"), chain(s, 3));

        int second = s.next(s.head(3));
        assertEquals(PathStore.NIL, s.remove(3, second, s.head(3)));
        assertEquals(List.of("2:41:20:21"), chain(s, 3));

        assertEquals(PathStore.NIL, s.remove(3, s.head(3), PathStore.NIL));
        assertEquals(PathStore.NIL, s.head(3));
        assertEquals(0, s.size());

        // rows freed above are reused, and the lead row starts clean
        s.add(3, 4, 0, 50, 50);
        s.add(3, 5, 0, 60, 60);
        assertEquals(List.of("5:0:60:60", "4:0:50:50"), chain(s, 3));
    }

    @Test
    void aWalkThatRemovesSomePathsVisitsEveryPathOnce() {
        PathStore s = new PathStore(16);
        for (int peer = 1; peer <= 6; peer++) s.add(0, peer, 0, peer * 10, peer * 10);
        // remove the even peers' paths in one walk, as Rib.removePaths does
        int prev = PathStore.NIL;
        List<Integer> seen = new ArrayList<>();
        for (int p = s.head(0); p != PathStore.NIL; ) {
            seen.add(s.peer(p));
            if (s.peer(p) % 2 == 0) {
                p = s.remove(0, p, prev);
            } else {
                prev = p;
                p = s.next(p);
            }
        }
        assertEquals(List.of(6, 5, 4, 3, 2, 1), seen);
        assertEquals(List.of("5:0:50:50", "3:0:30:30", "1:0:10:10"), chain(s, 0));
    }
}
