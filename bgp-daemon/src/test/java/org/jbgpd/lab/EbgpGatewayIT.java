package org.jbgpd.lab;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Issue 7's checks in eBGP mode: the reflectors peer with the gateway's AS 7675 like with a top-of-rack switch, keeping the nodes' next hops. */
class EbgpGatewayIT extends GatewayChecks {
    @Override Lab.Mode mode() { return Lab.Mode.EBGP; }

    // Check 5: the reflectors' modes only (dynamic neighbors have none).
    @Test @Order(6)
    void aStoppedReflectorTakesNoRouteOutOfTheKernel() throws Exception {
        checkAStoppedReflectorTakesNoRouteOutOfTheKernel();
    }
}
