/** JMH benchmarks of jbgpd's hot paths. */
package org.jbgpd;
