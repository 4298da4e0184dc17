package org.jbgpd.cli.mrt;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * Passes lines to the command's writer and notices, every few thousand lines, when nobody reads
 * them any more (e.g. {@code jbgpctl mrt print rib.gz | head}): PrintWriter and System.out swallow
 * the broken pipe, so without this a full table would be printed into the void.
 */
final class StopWhenOutputCloses implements Appendable {
    static final class OutputClosed extends IOException {
        OutputClosed() {
            super("standard output closed");
        }
    }

    private static final int CHECK_EVERY = 4096;

    private final PrintWriter out;
    private int sinceCheck;

    StopWhenOutputCloses(PrintWriter out) {
        this.out = out;
    }

    @Override
    public Appendable append(CharSequence csq) throws IOException {
        out.append(csq);
        if (++sinceCheck >= CHECK_EVERY) {
            sinceCheck = 0;
            if (out.checkError() || System.out.checkError()) throw new OutputClosed();
        }
        return this;
    }

    @Override
    public Appendable append(CharSequence csq, int start, int end) throws IOException {
        return append(csq.subSequence(start, end));
    }

    @Override
    public Appendable append(char c) throws IOException {
        return append(String.valueOf(c));
    }
}
