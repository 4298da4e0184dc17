package org.jbgpd.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * /metrics over HTTP/1.1 as a scraper sees it: the raw request bytes in, the raw answer out, through the
 * same pipeline the server uses (since ADR 0120 the handler reads the request itself, without Netty's codec).
 */
class MetricsHttpHandlerTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    MetricsHttpHandlerTest() {
        Counter.builder("jbgpd.test.updates").tag("peer", "rr1").register(registry).increment(3);
        Gauge.builder("jbgpd.test.routes", () -> 5000).register(registry);
        Timer.builder("jbgpd.test.batch").publishPercentileHistogram().register(registry).record(Duration.ofMillis(3));
    }

    private EmbeddedChannel channel() {
        return channel(out -> registry.scrape(out, MetricsHttpHandler.CONTENT_TYPE));
    }

    /** The server's own pipeline; time stands still until a test moves it. */
    private static EmbeddedChannel channel(MetricsHttpHandler.Exposition exposition) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        MetricsHttpHandler.install(ch.pipeline(), exposition);
        return ch;
    }

    /** Sends one request and returns everything the handler wrote back. */
    private static String exchange(EmbeddedChannel ch, String request) {
        ch.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
        StringBuilder answer = new StringBuilder();
        for (ByteBuf b; (b = ch.readOutbound()) != null; b.release()) answer.append(b.toString(StandardCharsets.UTF_8));
        return answer.toString();
    }

    private static String body(String answer) {
        return answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void getAnswersTheSameTextAsTheRegistrysScrape() {
        EmbeddedChannel ch = channel();
        String answer = exchange(ch, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/openmetrics-text;version=1.0.0,text/plain;q=0.5\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer);
        assertTrue(answer.contains("content-type: text/plain; version=0.0.4; charset=utf-8\r\n"), answer);
        String body = body(answer);
        assertEquals(registry.scrape(), body, "the text a user got from registry.scrape()");
        assertTrue(answer.contains("content-length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"), answer);
        assertTrue(body.contains("jbgpd_test_updates_total{peer=\"rr1\"} 3.0"), body);
        assertTrue(body.contains("jbgpd_test_batch_seconds_bucket{le="), body);
        assertFalse(body.contains("# EOF"), "Prometheus text, not OpenMetrics, whatever the Accept header asks");
        assertTrue(ch.isOpen(), "HTTP/1.1 keeps the connection for the next scrape");

        String again = exchange(ch, "GET /metrics?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertTrue(again.startsWith("HTTP/1.1 200 OK\r\n"), again);
        assertEquals(registry.scrape(), body(again));
    }

    @Test
    void connectionCloseIsHonoured() {
        EmbeddedChannel ch = channel();
        String answer = exchange(ch, "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer);
        assertTrue(answer.contains("connection: close\r\n"), answer);
        ch.runPendingTasks();
        assertFalse(ch.isOpen());
    }

    @Test
    void anIdleConnectionIsClosedAfterFiveMinutesButNotBetweenScrapes() {
        EmbeddedChannel ch = channel();
        exchange(ch, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        ch.advanceTimeBy(MetricsHttpHandler.IDLE_SECONDS - 60, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen(), "a scrape interval of minutes keeps the connection");
        assertTrue(exchange(ch, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n").startsWith("HTTP/1.1 200 OK\r\n"));
        ch.advanceTimeBy(MetricsHttpHandler.IDLE_SECONDS + 1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isOpen(), "a client that went away does not keep its socket");
    }

    @Test
    void headGivesTheHeadersWithoutABody() {
        EmbeddedChannel ch = channel();
        String answer = exchange(ch, "HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer);
        assertTrue(answer.contains("content-length: " + registry.scrape().getBytes(StandardCharsets.UTF_8).length + "\r\n"), answer);
        assertEquals("", body(answer));
    }

    @Test
    void otherPathsAndMethodsAreRefused() {
        assertTrue(exchange(channel(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n").startsWith("HTTP/1.1 404 Not Found\r\n"));
        assertTrue(exchange(channel(), "GET /metricsx HTTP/1.1\r\nHost: x\r\n\r\n").startsWith("HTTP/1.1 404 Not Found\r\n"));
        String post = exchange(channel(), "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        assertTrue(post.startsWith("HTTP/1.1 405 Method Not Allowed\r\n"), post);
        assertTrue(post.contains("allow: GET, HEAD\r\n"), post);
    }

    @Test
    void aFailingScrapeIsA500AndTheConnectionCloses() {
        EmbeddedChannel ch = channel(out -> {
            throw new IllegalStateException("meter broke");
        });
        String answer = exchange(ch, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 500 Internal Server Error\r\n"), answer);
        assertTrue(body(answer).contains("meter broke"), answer);
        ch.runPendingTasks();
        assertFalse(ch.isOpen());
    }

    @Test
    void aRequestInPiecesAndPipelinedRequestsAreEachAnsweredOnce() {
        EmbeddedChannel ch = channel();
        assertEquals("", exchange(ch, "GET /metr"), "nothing before the request is complete");
        assertEquals("", exchange(ch, "ics HTTP/1.1\r\nHost: x\r\n"));
        String first = exchange(ch, "\r\n");
        assertTrue(first.startsWith("HTTP/1.1 200 OK\r\n"), first);
        assertEquals(registry.scrape(), body(first));

        String two = exchange(ch, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\nGET /nothing HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(two.startsWith("HTTP/1.1 200 OK\r\n") && two.contains("HTTP/1.1 404 Not Found\r\n"), two);
        assertTrue(two.indexOf("HTTP/1.1 200 OK") < two.indexOf("HTTP/1.1 404"), "answered in order");
        assertTrue(ch.isOpen());
    }

    @Test
    void aRequestBodyIsSkippedAndTheNextRequestIsRead() {
        EmbeddedChannel ch = channel();
        String answer = exchange(ch, "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET /metrics HTTP/1.1\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 405 Method Not Allowed\r\n"), answer);
        assertTrue(answer.contains("HTTP/1.1 200 OK\r\n"), answer);
    }

    @Test
    void http10ClosesUnlessAskedToKeepAlive() {
        EmbeddedChannel ch = channel();
        String kept = exchange(ch, "GET /metrics HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n");
        assertTrue(kept.startsWith("HTTP/1.0 200 OK\r\n") && kept.contains("connection: keep-alive\r\n"), kept);
        assertTrue(ch.isOpen());
        String closed = exchange(ch, "GET /metrics HTTP/1.0\r\n\r\n");
        assertTrue(closed.startsWith("HTTP/1.0 200 OK\r\n") && closed.contains("connection: close\r\n"), closed);
        ch.runPendingTasks();
        assertFalse(ch.isOpen());
    }

    @Test
    void whatIsNotAnHttpRequestIsA400AndTheConnectionCloses() {
        for (String bad : new String[] {"HELLO\r\n\r\n", "GET /metrics SPDY/3\r\n\r\n", "GET /metrics HTTP/1.1\r\nno colon\r\n\r\n",
                "GET /metrics HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", "GET /metrics HTTP/1.1\r\nX: " + "y".repeat(9000)}) {
            EmbeddedChannel ch = channel();
            String answer = exchange(ch, bad);
            assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), bad + " -> " + answer);
            ch.runPendingTasks();
            assertFalse(ch.isOpen(), bad);
        }
    }
}
