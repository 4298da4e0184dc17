package org.jbgpd.mrt;

import java.util.List;

/**
 * What a {@code bgpdump -m} line shows of one set of path attributes, already in bgpdump's terms:
 * the AS path as text after bgpdump's own AS4_PATH merge, absent values as bgpdump shows them.
 * Built from the codec's decoded attributes by an {@link MrtAttributeDecoder}.
 *
 * @param asPath AS path text, "" when the attribute is absent
 * @param origin 0, 1, 2, or -1 when absent (bgpdump prints absent as INCOMPLETE)
 * @param nextHop NEXT_HOP as an int, -1 (255.255.255.255) when absent
 * @param localPref LOCAL_PREF, -1 when absent (printed as 0)
 * @param med MULTI_EXIT_DISC, -1 when absent (printed as 0)
 * @param communities COMMUNITIES text without the leading space, null when absent
 * @param aggregatorAs AGGREGATOR AS, meaningful only when {@code aggregatorAddress != -1}
 * @param aggregatorAddress AGGREGATOR address, -1 when absent
 * @param reach MP_REACH_NLRI contents (at most one per AFI/SAFI, first kept)
 * @param unreach MP_UNREACH_NLRI contents (at most one per AFI/SAFI, first kept)
 */
public record LineAttributes(
        String asPath,
        int origin,
        int nextHop,
        long localPref,
        long med,
        String communities,
        boolean atomicAggregate,
        long aggregatorAs,
        int aggregatorAddress,
        List<MpNlri> reach,
        List<MpNlri> unreach) {

    public boolean hasAggregator() { return aggregatorAddress != -1; }

    /** The MP_REACH_NLRI content for an AFI/SAFI, or null. */
    public MpNlri reach(int afi, int safi) {
        for (MpNlri m : reach) if (m.afi() == afi && m.safi() == safi) return m;
        return null;
    }

    /** The MP_UNREACH_NLRI content for an AFI/SAFI, or null. */
    public MpNlri unreach(int afi, int safi) {
        for (MpNlri m : unreach) if (m.afi() == afi && m.safi() == safi) return m;
        return null;
    }
}
