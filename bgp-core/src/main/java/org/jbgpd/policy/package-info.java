/**
 * Route attributes as the route engine and policies see them, and import/export policies:
 * ordered rules that match a route and accept, reject or modify it. No state, no threads: a
 * policy is a value the engine evaluates on its own thread.
 */
package org.jbgpd.policy;
