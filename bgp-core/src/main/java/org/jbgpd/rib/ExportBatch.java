package org.jbgpd.rib;

import org.jbgpd.policy.RouteAttributes;
import org.jbgpd.wire.Family;

import java.util.List;

/**
 * Routes for one peer and family, ready to encode: withdrawals, then groups of prefixes that share
 * one attribute set (one or more UPDATEs each). Attributes are already what the peer should see
 * (next hop, AS_PATH prepend and LOCAL_PREF handling done by the engine).
 */
public record ExportBatch(Family family, PackedPrefixes withdrawn, List<Group> announced) {

    public record Group(RouteAttributes attributes, PackedPrefixes prefixes) { }

    public ExportBatch {
        announced = List.copyOf(announced);
    }

    public boolean isEmpty() { return withdrawn.size() == 0 && announced.isEmpty(); }
}
