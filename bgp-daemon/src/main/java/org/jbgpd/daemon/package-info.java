/** The jbgpd program: wiring of sessions, route engine, kernel sync and control plane. */
package org.jbgpd.daemon;
