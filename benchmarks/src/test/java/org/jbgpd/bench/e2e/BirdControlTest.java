package org.jbgpd.bench.e2e;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BIRD's control protocol: a reply ends at a line of four digits and a space (E2eHarnessTest talks to a real BIRD). */
class BirdControlTest {
    @Test
    void onlyFourDigitsAndASpaceEndAReply() {
        assertTrue(BirdControl.isLast("0013 Daemon is up and running"));
        assertTrue(BirdControl.isLast("0001 BIRD 2.0.12 ready."));
        assertTrue(BirdControl.isLast("8003 No protocols match"));
        assertFalse(BirdControl.isLast("1000-BIRD 2.0.12"));
        assertFalse(BirdControl.isLast(" Hostname jb"));
        assertFalse(BirdControl.isLast("1002-peer      BGP  ---  up  2026-12-01 09:47:53.107  Established"));
        assertFalse(BirdControl.isLast(""));
    }

    @Test
    void theTextOfAReplyIsWhatBirdcPrints() {
        String line = BirdControl.textOf("1002-peer       BGP        ---        up     2026-12-01 09:47:53.107  Established   ");
        assertTrue(line.startsWith("peer "), line);
        assertTrue(BirdFeeder.parseEstablished(line) != null, line);
        assertTrue(BirdControl.textOf(" Hostname jb").equals("Hostname jb"));
        assertTrue(BirdControl.textOf("0013 Daemon is up and running").equals("Daemon is up and running"));
    }
}
