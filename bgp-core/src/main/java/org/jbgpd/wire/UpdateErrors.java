package org.jbgpd.wire;

import java.util.List;

/**
 * What RFC 7606 says to do with an UPDATE that was decoded despite errors. The decoder records
 * every problem it met and keeps the strongest action ("strongest action wins", RFC 7606 §3 i).
 * A session reset never appears here: it is a {@link DecodeResult.SessionError} instead.
 *
 * @param action          the strongest action required
 * @param disabledFamily  for {@link Action#AFI_SAFI_DISABLE}: the family to stop (RFC 4760 §7), else null
 * @param withdrawAll     true when any problem called for treat-as-withdraw, even if a stronger
 *                        AFI/SAFI disable for another family is the headline action: the other
 *                        families' announcements are then withdrawn too
 * @param problems        one line per problem, for the log ("attribute 8 length 5 is not a multiple of 4")
 */
public record UpdateErrors(Action action, Family disabledFamily, boolean withdrawAll, List<String> problems) {

    /** RFC 7606 actions, weakest first. */
    public enum Action {
        /** Nothing wrong. */
        NONE,
        /** A malformed attribute was dropped; the rest of the UPDATE is used (RFC 7606 §2). */
        ATTRIBUTE_DISCARD,
        /** Every route the UPDATE announces is to be treated as withdrawn (RFC 7606 §2). */
        TREAT_AS_WITHDRAW,
        /** The family is to be disabled for this session (RFC 4760 §7, RFC 7606 §2). */
        AFI_SAFI_DISABLE
    }

    public static final UpdateErrors NONE = new UpdateErrors(Action.NONE, null, false, List.of());

    public UpdateErrors {
        problems = List.copyOf(problems);
        if ((action == Action.AFI_SAFI_DISABLE) != (disabledFamily != null)) {
            throw new IllegalArgumentException("a disabled family goes with AFI_SAFI_DISABLE and nothing else");
        }
        if (action == Action.TREAT_AS_WITHDRAW && !withdrawAll) throw new IllegalArgumentException("treat-as-withdraw withdraws all");
        if (action.compareTo(Action.TREAT_AS_WITHDRAW) < 0 && withdrawAll) throw new IllegalArgumentException("withdrawAll needs treat-as-withdraw or stronger");
    }

    public boolean isClean() { return action == Action.NONE; }
}
