package org.jbgpd.rib;

import org.jbgpd.policy.PeerFacts;
import org.jbgpd.policy.Policy;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;

import java.util.Set;

/**
 * A peer whose session just reached Established, as the engine needs it: identity, what was
 * negotiated, and the peer's config. The peer's address is its key in every later call.
 *
 * @param name            configured name (or the generated one of a dynamic neighbour)
 * @param address         the peer's address
 * @param localAddress    our end of the session: the next hop we announce for our own routes
 * @param asNumber        the peer's AS
 * @param localAs         our AS on this session (equal to asNumber = iBGP)
 * @param routerId        the peer's BGP identifier (from its OPEN)
 * @param families        negotiated families
 * @param addPathReceive  families for which the peer sends path identifiers (RFC 7911)
 * @param gracefulRestart the peer's GR capability, or null if it sent none
 * @param importPolicy    null = the default: accept all from iBGP, nothing from eBGP (RFC 8212)
 * @param exportPolicy    null = the default: all our routes to iBGP (never iBGP-learned ones), nothing to eBGP
 * @param maxPrefixes     most routes accepted into the Adj-RIB-In, 0 = no limit
 * @param linkIndex       the interface the session runs over (its index), 0 when not known: the interface of
 *                        the peer's IPv6 link-local next hops ({@link LinkLocalNextHop})
 */
public record RibPeer(String name, IpAddress address, IpAddress localAddress, long asNumber, long localAs,
                      IpAddress routerId, Set<Family> families, Set<Family> addPathReceive,
                      GracefulRestart gracefulRestart, Policy importPolicy, Policy exportPolicy, long maxPrefixes,
                      int linkIndex) {

    /** A peer whose session's interface is not known. */
    public RibPeer(String name, IpAddress address, IpAddress localAddress, long asNumber, long localAs,
                   IpAddress routerId, Set<Family> families, Set<Family> addPathReceive,
                   GracefulRestart gracefulRestart, Policy importPolicy, Policy exportPolicy, long maxPrefixes) {
        this(name, address, localAddress, asNumber, localAs, routerId, families, addPathReceive, gracefulRestart,
                importPolicy, exportPolicy, maxPrefixes, 0);
    }

    public RibPeer {
        if (address == null || routerId == null) throw new IllegalArgumentException("peer address and router id are required");
        families = Set.copyOf(families);
        addPathReceive = addPathReceive == null ? Set.of() : Set.copyOf(addPathReceive);
    }

    public boolean ibgp() { return asNumber == localAs; }

    public PeerFacts facts() { return new PeerFacts(name, address, asNumber, ibgp()); }

    /** The import policy in force, defaults applied. */
    public Policy effectiveImportPolicy() {
        if (importPolicy != null) return importPolicy;
        return ibgp() ? Policy.ACCEPT_ALL : Policy.REJECT_ALL;
    }
}
