package org.jbgpd.bench.e2e;

/** A step of the harness that could not be carried out; the message says which and why. */
final class BenchException extends RuntimeException {
    BenchException(String message) {
        super(message);
    }

    BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
