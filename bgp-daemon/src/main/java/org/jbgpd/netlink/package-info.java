/**
 * Kernel routes through rtnetlink, in pure Java (java.lang.foreign): no JNI, no {@code ip}
 * subprocesses. {@link org.jbgpd.netlink.NetlinkSocket} is the socket,
 * {@link org.jbgpd.netlink.MessageWriter} encodes requests straight into native memory,
 * {@link org.jbgpd.netlink.KernelRouteWriter} sends them in batches with one barrier per buffer,
 * and {@link org.jbgpd.netlink.RouteDump} reads back what is installed.
 */
package org.jbgpd.netlink;
