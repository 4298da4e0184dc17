/** BGP-4 wire codec: bytes to typed messages and back, with RFC 4271 / RFC 7606 verdicts for bad input. */
package org.jbgpd.wire;
