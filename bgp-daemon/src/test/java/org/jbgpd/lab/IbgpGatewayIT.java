package org.jbgpd.lab;

/** Issue 7's checks in iBGP mode: the gateway is a route-reflector client of both Calico reflectors (AS 64512). */
class IbgpGatewayIT extends GatewayChecks {
    @Override Lab.Mode mode() { return Lab.Mode.IBGP; }
}
