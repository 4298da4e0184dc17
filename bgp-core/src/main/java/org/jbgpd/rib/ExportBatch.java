package org.jbgpd.rib;

import org.jbgpd.wire.Family;
import org.jbgpd.wire.PathAttributes;
import org.jbgpd.wire.PrefixBatch;

import java.util.List;

/**
 * Routes for one peer and family, ready to encode: withdrawals, then groups of prefixes that share
 * one attribute set ({@code Update.announce(attributes, prefixes)}, split to the message size by
 * the encoder). Attributes are already what the peer should see (next hop, AS_PATH prepend,
 * LOCAL_PREF handling done by the engine).
 */
public record ExportBatch(Family family, PrefixBatch withdrawn, List<Group> announced) {

    public record Group(PathAttributes attributes, PrefixBatch prefixes) { }

    public ExportBatch {
        announced = List.copyOf(announced);
    }

    public boolean isEmpty() { return withdrawn.isEmpty() && announced.isEmpty(); }
}
