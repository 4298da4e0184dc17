package org.jbgpd.control;

/**
 * Decides who may change state. Reading needs only access to the socket (its mode 0660 already
 * limits that to the owner and group); changing state needs root, the daemon's own user, or
 * membership in the configured control group.
 *
 * @param ownerUid the user jbgpd runs as
 * @param controlGid the configured group's id, or -1 when no group is configured
 */
public record Authorizer(int ownerUid, int controlGid) {

    public boolean mayChangeState(Caller caller) {
        return caller.uid() == 0 || caller.uid() == ownerUid || (controlGid >= 0 && caller.gids().contains(controlGid));
    }
}
