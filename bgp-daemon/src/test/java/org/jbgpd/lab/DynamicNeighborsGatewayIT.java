package org.jbgpd.lab;

import org.junit.jupiter.api.Disabled;

/** Issue 7's checks with dynamic neighbors: no reflectors; every worker peers with the gateway, which accepts any node of 198.51.100.0/24. */
@Disabled("jbgpd cannot run as a daemon yet: org.jbgpd.cli.Jbgpd only supports --check (no session/RIB/netlink wiring in org.jbgpd.daemon); enable when `jbgpd --config` runs")
class DynamicNeighborsGatewayIT extends GatewayChecks {
    @Override Lab.Mode mode() { return Lab.Mode.DYNAMIC; }
}
