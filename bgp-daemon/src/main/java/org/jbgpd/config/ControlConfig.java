package org.jbgpd.config;

import java.nio.file.Path;

/**
 * The control socket. Its mode is 0660; {@code group} (null = root's group only) names the
 * group whose members may change state with jbgpctl.
 */
public record ControlConfig(Path socket, String group) {
    public static final Path DEFAULT_SOCKET = Path.of("/run/jbgpd/jbgpd.sock");
}
