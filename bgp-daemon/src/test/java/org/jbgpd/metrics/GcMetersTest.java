package org.jbgpd.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** jvm_gc_* read from the collectors' MXBeans at each refresh, not from GC notifications (ADR 0130). */
class GcMetersTest {

    @Test
    void aCollectionShowsAsAPauseOfItsCollectorAndAllocationIsCounted() {
        PrometheusTextRegistry registry = new PrometheusTextRegistry();
        GcMeters gc = new GcMeters();
        gc.register(registry);
        gc.refresh();
        double allocated = registry.get("jvm.gc.memory.allocated").functionCounter().count();
        long sink = 0;
        for (int i = 0; i < 1000; i++) sink += new byte[10_000].length; // 10 MB
        System.gc();
        gc.refresh();
        assertTrue(sink > 0);
        assertTrue(registry.get("jvm.gc.memory.allocated").functionCounter().count() - allocated >= 10_000_000,
                "allocated: " + registry.get("jvm.gc.memory.allocated").functionCounter().count());
        Timer major = registry.get("jvm.gc.pause").tags("action", "end of major GC").timer();
        assertTrue(major.count() >= 1, "major GCs: " + major.count());
        assertEquals(2, major.getId().getTags().size(), "action and gc, no cause: " + major.getId().getTags());
        assertTrue(major.totalTime(TimeUnit.NANOSECONDS) >= 0 && major.max(TimeUnit.NANOSECONDS) <= major.totalTime(TimeUnit.NANOSECONDS));
        assertTrue(registry.get("jvm.gc.max.data.size").gauge().value() > 0);
        assertTrue(registry.get("jvm.gc.live.data.size").gauge().value() >= 0);
    }
}
