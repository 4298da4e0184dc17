package org.jbgpd.lab;

import org.junit.jupiter.api.Disabled;

/** Issue 7's checks in iBGP mode: the gateway is a route-reflector client of both Calico reflectors (AS 64512). */
@Disabled("jbgpd cannot run as a daemon yet: org.jbgpd.cli.Jbgpd only supports --check (no session/RIB/netlink wiring in org.jbgpd.daemon); enable when `jbgpd --config` runs")
class IbgpGatewayIT extends GatewayChecks {
    @Override Lab.Mode mode() { return Lab.Mode.IBGP; }
}
