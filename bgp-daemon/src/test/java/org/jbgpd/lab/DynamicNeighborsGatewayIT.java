package org.jbgpd.lab;

/** Issue 7's checks with dynamic neighbors: no reflectors; every worker peers with the gateway, which accepts any node of 198.51.100.0/24. */
class DynamicNeighborsGatewayIT extends GatewayChecks {
    @Override Lab.Mode mode() { return Lab.Mode.DYNAMIC; }
}
