package org.jbgpd.lab;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Issue 7's checks in iBGP mode: the gateway is a route-reflector client of both Calico reflectors (AS 64512). */
class IbgpGatewayIT extends GatewayChecks {
    @Override Lab.Mode mode() { return Lab.Mode.IBGP; }

    // Check 4b, measured in this mode only: it takes two minutes (BIRD's restart time).
    @Test @Order(5)
    void aCrashedNodesBlocksStayForTheRestartTimeThenLeave() throws InterruptedException {
        checkACrashedNodesBlocksStayForTheRestartTimeThenLeave();
    }

    // Check 5: the reflectors' modes only (dynamic neighbors have none).
    @Test @Order(6)
    void aStoppedReflectorTakesNoRouteOutOfTheKernel() throws Exception {
        checkAStoppedReflectorTakesNoRouteOutOfTheKernel();
    }
}
