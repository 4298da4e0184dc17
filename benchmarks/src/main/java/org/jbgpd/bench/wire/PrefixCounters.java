package org.jbgpd.bench.wire;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Scope;

/**
 * Prefixes and messages a codec benchmark handled, which JMH reports as rates beside the
 * operation rate (secondary results "prefixes" and "messages"); reset every iteration.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class PrefixCounters {
    public long prefixes;
    public long messages;

    @Setup(Level.Iteration)
    public void reset() {
        prefixes = 0;
        messages = 0;
    }
}
