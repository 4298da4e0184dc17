/**
 * The BGP session: the RFC 4271 §8 state machine per peer ({@link org.jbgpd.session.SessionFsm}), capability
 * negotiation, collision resolution, and the listener/handle API the daemon bridges to the route engine. Pure
 * Java with injected time: no sockets here (the transport lives in bgp-daemon's org.jbgpd.transport).
 */
package org.jbgpd.session;
