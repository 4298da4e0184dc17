package org.jbgpd.lab;

import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;

/** Prefix arithmetic for the tests' expectations, on the project's own value types. */
final class Prefixes {
    private Prefixes() {}

    static boolean contains(String prefix, String address) {
        return IpPrefix.parse(prefix).contains(IpAddress.parse(address));
    }

    /** "10.20.1.70" (as `ip route` prints a host route) becomes "10.20.1.70/32". */
    static String normalize(String text) {
        return IpPrefix.parse(text.contains("/") ? text : text + "/32").toString();
    }
}
