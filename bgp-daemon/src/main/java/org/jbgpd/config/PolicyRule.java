package org.jbgpd.config;

import org.jbgpd.wire.IpPrefix;

/**
 * One policy rule. With a prefix it matches routes inside it whose length lies in
 * minLength..maxLength (both default to the prefix's own length); without a prefix it matches
 * every route.
 */
public record PolicyRule(Action action, IpPrefix prefix, int minLength, int maxLength) {

    public enum Action { ACCEPT, REJECT }

    public boolean matches(IpPrefix route) {
        if (prefix == null) return true;
        return prefix.contains(route) && route.length() >= minLength && route.length() <= maxLength;
    }
}
