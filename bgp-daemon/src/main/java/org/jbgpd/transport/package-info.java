/**
 * The TCP side of BGP sessions on Netty epoll: the listener (dual stack), outgoing connects, TCP MD5 (RFC 2385),
 * GTSM (RFC 5082), dynamic neighbors, and the interpreter that turns {@link org.jbgpd.session.SessionFsm} actions
 * into socket operations. All sessions run on one event loop thread (ADR 0051).
 */
package org.jbgpd.transport;
