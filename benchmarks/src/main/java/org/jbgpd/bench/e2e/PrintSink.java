package org.jbgpd.bench.e2e;

/** Where progress lines go: stdout for the command, a list in tests. */
@FunctionalInterface
interface PrintSink {
    void line(String text);
}
