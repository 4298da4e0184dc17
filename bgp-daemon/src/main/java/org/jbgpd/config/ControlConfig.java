package org.jbgpd.config;

import java.nio.file.Path;

/**
 * The control socket.
 *
 * @param group the socket's group (null = the daemon's own group); its members may read and change state
 * @param mode the socket's permission bits: 0660 (default) or 0666 to let every local user read
 *     (state changes still need root, the daemon's user or the group: checked with SO_PEERCRED)
 */
public record ControlConfig(Path socket, String group, int mode) {
    public static final Path DEFAULT_SOCKET = Path.of("/run/jbgpd/jbgpd.sock");
    public static final int DEFAULT_MODE = 0660;
}
