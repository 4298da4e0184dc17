/**
 * jbgpd's SLF4J backend: one line per event on stderr (journald adds the time), with a level that a
 * reload can change while the daemon runs (slf4j-simple fixes it at start-up).
 */
package org.jbgpd.daemon.log;
