package org.jbgpd.rib;

import org.jbgpd.policy.PeerFacts;
import org.jbgpd.policy.Policy;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;

import java.util.EnumSet;
import java.util.Set;

/** What the engine keeps about one peer across its sessions; engine thread only. */
final class PeerState {

    final int slot;
    final IpAddress address;
    RibPeer info;
    PeerFacts facts;
    Policy importPolicy;
    boolean up;
    /** After max-prefix: updates still queued from the old session are ignored until the next peerUp. */
    boolean ignoring;
    boolean ebgp;
    long routerId;
    long received;
    long accepted;
    long installed;
    long stale;
    boolean maxPrefixWarned;
    /** When stale routes are swept if End-of-RIB has not come (ms, engine clock), or 0. */
    long staleDeadline;
    final Set<Family> endOfRibReceived = EnumSet.noneOf(Family.class);

    PeerState(int slot, IpAddress address) {
        this.slot = slot;
        this.address = address;
    }

    void session(RibPeer p) {
        info = p;
        facts = p.facts();
        importPolicy = p.effectiveImportPolicy();
        ebgp = !p.ibgp();
        routerId = p.routerId().isV4() ? p.routerId().hi() : 0;
        up = true;
        ignoring = false;
        maxPrefixWarned = false;
        endOfRibReceived.clear();
    }

    String name() { return info == null ? address.toString() : info.name(); }

    PeerCounts counts() { return new PeerCounts(name(), address, received, accepted, installed, stale, up); }
}
