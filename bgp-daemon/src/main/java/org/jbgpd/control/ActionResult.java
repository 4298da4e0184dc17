package org.jbgpd.control;

import java.util.List;

/**
 * The answer to a state change (reload, peer reset/shutdown/enable).
 *
 * @param outcome what happened, mapped to an HTTP status and a jbgpctl exit status
 * @param message one line for the operator
 * @param details e.g. the config errors of a rejected reload, one per line
 */
public record ActionResult(Outcome outcome, String message, List<String> details) {

    public enum Outcome { DONE, NOT_FOUND, REJECTED, FAILED }

    public ActionResult {
        details = details == null ? List.of() : List.copyOf(details);
    }

    public static ActionResult done(String message) { return new ActionResult(Outcome.DONE, message, List.of()); }

    public static ActionResult notFound(String message) { return new ActionResult(Outcome.NOT_FOUND, message, List.of()); }
}
