/**
 * The control API: HTTP/1.1 + JSON over a Unix domain socket. The daemon implements
 * {@link org.jbgpd.control.ControlService} from its snapshots; {@link org.jbgpd.control.ControlServer}
 * serves it (SO_PEERCRED decides who may change state) and {@link org.jbgpd.control.ControlClient}
 * is what jbgpctl speaks. The records here are the JSON that scripts see: add fields, never rename.
 */
package org.jbgpd.control;
