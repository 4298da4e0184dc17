package org.jbgpd.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Gauge;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The writer's kept layout follows the registry's meters (ADR 0130): Micrometer calls its onMeterAdded
 * listeners before the meter is in its map, so a layout made in that moment (a scrape while another
 * thread registers) must not be kept once the meter is there.
 */
class PrometheusTextLayoutTest {

    private static String scrape(PrometheusTextRegistry registry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            registry.scrape(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aMeterRegisteredWhileAScrapeLaysOutShowsAtTheNextScrape() {
        PrometheusTextRegistry registry = new PrometheusTextRegistry();
        Gauge.builder("first", () -> 1).register(registry);
        // A scrape inside the listener stands for one on the metrics thread in the window between the
        // listener call and the meter entering the map: it lays out without the new meter.
        registry.config().onMeterAdded(m -> assertTrue(!scrape(registry).contains("second "), "not in the map yet"));
        Gauge.builder("second", () -> 2).register(registry);
        String text = scrape(registry);
        assertTrue(text.contains("\nsecond 2.0\n"), text);
    }
}
