package org.jbgpd.lab;

/** Issue 7's checks in eBGP mode: the reflectors peer with the gateway's AS 7675 like with a top-of-rack switch, keeping the nodes' next hops. */
class EbgpGatewayIT extends GatewayChecks {
    @Override Lab.Mode mode() { return Lab.Mode.EBGP; }
}
