/** Prometheus metrics (Micrometer) served on metrics.address:port at /metrics, read from snapshots. */
package org.jbgpd.metrics;
