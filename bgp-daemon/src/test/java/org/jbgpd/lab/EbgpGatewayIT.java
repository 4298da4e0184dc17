package org.jbgpd.lab;

import org.junit.jupiter.api.Disabled;

/** Issue 7's checks in eBGP mode: the reflectors peer with the gateway's AS 7675 like with a top-of-rack switch, keeping the nodes' next hops. */
@Disabled("jbgpd cannot run as a daemon yet: org.jbgpd.cli.Jbgpd only supports --check (no session/RIB/netlink wiring in org.jbgpd.daemon); enable when `jbgpd --config` runs")
class EbgpGatewayIT extends GatewayChecks {
    @Override Lab.Mode mode() { return Lab.Mode.EBGP; }
}
