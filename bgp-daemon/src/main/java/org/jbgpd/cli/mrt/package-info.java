/** {@code jbgpctl mrt}: MRT files on the command line, no daemon needed. */
package org.jbgpd.cli.mrt;
