package org.jbgpd.fib;

import org.jbgpd.wire.Family;

/**
 * The engine's prefix ids as the FIB reads them from its own thread (ADR 0137): the FIB keeps what it wants in the
 * kernel by id ({@link FibBatch#id}) instead of in a second table keyed by prefix, and asks here only when it starts
 * from a prefix (a kernel dump, a refused route) or needs one back (a rewrite, a scan).
 *
 * <p>An id the FIB holds a route for names the same prefix here until the FIB has acknowledged the batch that
 * withdrew it: the engine hands an id to another prefix only after that. So both directions agree for every id the
 * FIB can name. Every method may be called from any thread and is safe against the engine adding prefixes meanwhile.
 */
public interface PrefixIds {

    /** The id of a prefix of family {@code f}, or -1 if the engine has none. */
    int find(Family f, long hi, long lo, int length);

    /** The address's high bits of id {@code id} of family {@code f}, as in {@link org.jbgpd.wire.IpAddress#hi()}. */
    long hi(Family f, int id);

    /** The address's low bits (0 for IPv4). */
    long lo(Family f, int id);

    /** The prefix length. */
    int length(Family f, int id);
}
