package org.jbgpd.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects RFC 7606 outcomes while one UPDATE (or MRT attribute block) is parsed and keeps the
 * strongest ("strongest action wins", RFC 7606 §3 g). Session reset is strongest of all and
 * remembered separately with its NOTIFICATION. One decode at a time ({@link #reset} between); never shared.
 */
final class ErrorCollector {

    private UpdateErrors.Action action = UpdateErrors.Action.NONE;
    private Family disabledFamily;
    private boolean withdrawAll;
    private List<String> problems;
    private DecodeResult.SessionError fatal;

    /** Forgets the previous UPDATE's outcome (the decoder keeps one collector; a handed-out problem list stays the caller's). */
    void reset() {
        action = UpdateErrors.Action.NONE;
        disabledFamily = null;
        withdrawAll = false;
        problems = null;
        fatal = null;
    }

    void attributeDiscard(String problem) { raise(UpdateErrors.Action.ATTRIBUTE_DISCARD, problem); }

    void treatAsWithdraw(String problem) {
        withdrawAll = true;
        raise(UpdateErrors.Action.TREAT_AS_WITHDRAW, problem);
    }

    void disable(Family family, String problem) {
        if (disabledFamily != null && disabledFamily != family) {
            // Only one family can be disabled per verdict; two broken families leave only a reset.
            sessionReset(Notification.of(Notification.UPDATE_MESSAGE_ERROR, Notification.OPTIONAL_ATTRIBUTE_ERROR),
                    problem + " (and " + disabledFamily.configName() + " is broken too)");
            return;
        }
        disabledFamily = family;
        raise(UpdateErrors.Action.AFI_SAFI_DISABLE, problem);
    }

    void sessionReset(Notification notification, String reason) {
        note(reason);
        if (fatal == null) fatal = new DecodeResult.SessionError(notification, reason);
    }

    void sessionReset(MalformedMessage m) { sessionReset(m.notification(), m.getMessage()); }

    boolean isFatal() { return fatal != null; }

    DecodeResult.SessionError fatal() { return fatal; }

    UpdateErrors.Action action() { return action; }

    UpdateErrors result() {
        if (action == UpdateErrors.Action.NONE && problems == null) return UpdateErrors.NONE;
        return new UpdateErrors(action, action == UpdateErrors.Action.AFI_SAFI_DISABLE ? disabledFamily : null, withdrawAll,
                problems == null ? java.util.List.of() : problems);
    }

    private void raise(UpdateErrors.Action a, String problem) {
        note(problem);
        if (a.compareTo(action) > 0) action = a;
    }

    /** Records a problem that needs no action beyond ignoring something. */
    void note(String problem) {
        if (problems == null) problems = new ArrayList<>(2);
        if (problems.size() < 32) problems.add(problem); // a hostile UPDATE must not grow this without bound
    }
}
