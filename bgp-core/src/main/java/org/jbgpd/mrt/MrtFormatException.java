package org.jbgpd.mrt;

import java.io.IOException;

/** The MRT stream cannot be framed any further (truncated header or body, impossible length). */
public final class MrtFormatException extends IOException {
    public MrtFormatException(String message) {
        super(message);
    }
}
