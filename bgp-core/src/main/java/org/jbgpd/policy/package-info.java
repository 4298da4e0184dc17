/**
 * Import and export policies: ordered rules that match a route (prefix, family, communities,
 * large communities, peer; attributes are the codec's {@link org.jbgpd.wire.PathAttributes}) and
 * accept, reject or modify it. No state, no threads: a
 * policy is a value the engine evaluates on its own thread.
 */
package org.jbgpd.policy;
