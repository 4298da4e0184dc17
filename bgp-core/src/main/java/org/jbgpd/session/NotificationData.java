package org.jbgpd.session;

import org.jbgpd.wire.NotificationNames;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The content of a NOTIFICATION (RFC 4271 §4.5) as the session sees it: error code, subcode and data. The
 * transport maps it to and from the codec's message. Factories name the cases the FSM sends; {@link #describe()}
 * renders any received one for logs and the CLI, including an RFC 9003 shutdown communication.
 */
public record NotificationData(int code, int subcode, byte[] data) {

    public static final int MESSAGE_HEADER_ERROR = 1;
    public static final int OPEN_MESSAGE_ERROR = 2;
    public static final int UPDATE_MESSAGE_ERROR = 3;
    public static final int HOLD_TIMER_EXPIRED = 4;
    public static final int FSM_ERROR = 5;
    public static final int CEASE = 6;
    public static final int ROUTE_REFRESH_ERROR = 7;
    /** RFC 9687. */
    public static final int SEND_HOLD_TIMER_EXPIRED = 8;

    // OPEN message error subcodes (RFC 4271 §6.2, RFC 5492).
    public static final int UNSUPPORTED_VERSION = 1;
    public static final int BAD_PEER_AS = 2;
    public static final int BAD_BGP_IDENTIFIER = 3;
    public static final int UNSUPPORTED_OPTIONAL_PARAMETER = 4;
    public static final int UNACCEPTABLE_HOLD_TIME = 6;
    public static final int UNSUPPORTED_CAPABILITY = 7;

    // FSM error subcodes (RFC 6608).
    public static final int UNEXPECTED_IN_OPEN_SENT = 1;
    public static final int UNEXPECTED_IN_OPEN_CONFIRM = 2;
    public static final int UNEXPECTED_IN_ESTABLISHED = 3;

    // Cease subcodes (RFC 4486, RFC 8538).
    public static final int MAX_PREFIXES = 1;
    public static final int ADMIN_SHUTDOWN = 2;
    public static final int PEER_DECONFIGURED = 3;
    public static final int ADMIN_RESET = 4;
    public static final int CONNECTION_REJECTED = 5;
    public static final int OTHER_CONFIG_CHANGE = 6;
    public static final int CONNECTION_COLLISION = 7;
    public static final int OUT_OF_RESOURCES = 8;
    public static final int HARD_RESET = 9;

    /** RFC 9003 caps the shutdown communication at 255 octets of UTF-8. */
    public static final int MAX_SHUTDOWN_MESSAGE_OCTETS = 255;

    public NotificationData {
        if (code < 0 || code > 255 || subcode < 0 || subcode > 255) throw new IllegalArgumentException("code/subcode out of range");
        data = data == null ? new byte[0] : data.clone();
    }

    public static NotificationData of(int code, int subcode) {
        return new NotificationData(code, subcode, new byte[0]);
    }

    public static NotificationData cease(int subcode) {
        return of(CEASE, subcode);
    }

    /**
     * Cease with an RFC 9003 shutdown communication: one length octet, then UTF-8 text. Text longer than 255 octets
     * is cut at a character boundary rather than rejected, so an operator's message never blocks a shutdown.
     */
    public static NotificationData ceaseWithMessage(int subcode, String message) {
        if (message == null || message.isEmpty()) return cease(subcode);
        byte[] text = truncateUtf8(message, MAX_SHUTDOWN_MESSAGE_OCTETS);
        byte[] data = new byte[text.length + 1];
        data[0] = (byte) text.length;
        System.arraycopy(text, 0, data, 1, text.length);
        return new NotificationData(CEASE, subcode, data);
    }

    /** Cease 6/1 with the RFC 4486 data: AFI (2 octets), SAFI (1), the configured upper bound (4). */
    public static NotificationData maxPrefixes(org.jbgpd.wire.Family family, long limit) {
        long l = Math.min(Math.max(limit, 0), 0xffff_ffffL);
        return new NotificationData(CEASE, MAX_PREFIXES, new byte[] {(byte) (family.afi() >> 8), (byte) family.afi(), (byte) family.safi(),
                (byte) (l >>> 24), (byte) (l >>> 16), (byte) (l >>> 8), (byte) l});
    }

    /**
     * RFC 8538 §3: Cease 6/9 Hard Reset carrying the original NOTIFICATION (code, subcode, data) as its data, so the
     * peer ends the session without graceful restart and still sees why.
     */
    public static NotificationData hardReset(NotificationData cause) {
        byte[] data = new byte[cause.data.length + 2];
        data[0] = (byte) cause.code;
        data[1] = (byte) cause.subcode;
        System.arraycopy(cause.data, 0, data, 2, cause.data.length);
        return new NotificationData(CEASE, HARD_RESET, data);
    }

    public boolean isHardReset() { return code == CEASE && subcode == HARD_RESET; }

    /** The NOTIFICATION a Hard Reset carries, or null when this is not a (well-formed) Hard Reset. */
    public NotificationData hardResetCause() {
        if (!isHardReset() || data.length < 2) return null;
        return new NotificationData(data[0] & 0xff, data[1] & 0xff, Arrays.copyOfRange(data, 2, data.length));
    }

    /**
     * RFC 8538 §5: the Cease subcodes that must (1, 2, 3) or should (8) go out as a Hard Reset when the peer supports
     * it; jbgpd also hard-resets on an administrative reset (4, where the RFC leaves the choice to the operator, and
     * FRR's default is the same), so `peer reset` keeps meaning "withdraw and start over".
     */
    public boolean needsHardReset() {
        return code == CEASE && (subcode == MAX_PREFIXES || subcode == ADMIN_SHUTDOWN || subcode == PEER_DECONFIGURED
                || subcode == ADMIN_RESET || subcode == OUT_OF_RESOURCES);
    }

    /**
     * What a peer's OPEN error 2/7 (RFC 5492 §5: the capabilities it does not support, each as code, length, value)
     * or 2/4 (the optional parameter) names, in words: "graceful restart (64), ADD-PATH (69)". Empty when the data is
     * absent or does not parse; malformed data never throws, since it only feeds a log line.
     */
    public String refusedCapabilities() {
        if (code != OPEN_MESSAGE_ERROR || (subcode != UNSUPPORTED_CAPABILITY && subcode != UNSUPPORTED_OPTIONAL_PARAMETER)) return "";
        if (subcode == UNSUPPORTED_OPTIONAL_PARAMETER) return data.length == 0 ? "" : "optional parameter " + (data[0] & 0xff);
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i + 2 <= data.length) {
            int cap = data[i] & 0xff;
            if (!sb.isEmpty()) sb.append(", ");
            sb.append(capabilityName(cap)).append(" (").append(cap).append(')');
            i += 2 + (data[i + 1] & 0xff);
        }
        return sb.toString();
    }

    private static String capabilityName(int cap) {
        return switch (cap) {
            case 1 -> "multiprotocol";
            case 2 -> "route refresh";
            case 5 -> "extended next hop";
            case 6 -> "extended message";
            case 64 -> "graceful restart";
            case 65 -> "4-octet AS";
            case 69 -> "ADD-PATH";
            case 70 -> "enhanced route refresh";
            case 71 -> "long-lived graceful restart";
            default -> "capability";
        };
    }

    /** OPEN error 2/1 carries the largest version we support as two octets (RFC 4271 §6.2). */
    public static NotificationData unsupportedVersion() {
        return new NotificationData(OPEN_MESSAGE_ERROR, UNSUPPORTED_VERSION, new byte[] {0, 4});
    }

    @Override
    public byte[] data() { return data.clone(); }

    /** The RFC 9003 shutdown communication of a 6/2 or 6/4, or null when there is none or it is malformed. */
    public String shutdownMessage() {
        NotificationData cause = hardResetCause();
        if (cause != null) return cause.shutdownMessage();
        if (code != CEASE || (subcode != ADMIN_SHUTDOWN && subcode != ADMIN_RESET) || data.length == 0) return null;
        int len = data[0] & 0xff;
        if (len == 0 || len + 1 > data.length) return null;
        return new String(data, 1, len, StandardCharsets.UTF_8);
    }

    /** "6/2 Cease, Administrative Shutdown: \"maintenance\"" — what logs and `show peers` print. */
    public String describe() {
        StringBuilder sb = new StringBuilder().append(code).append('/').append(subcode).append(' ').append(codeName());
        String sub = subcodeName();
        if (sub != null) sb.append(", ").append(sub);
        NotificationData cause = hardResetCause();
        String msg = shutdownMessage();
        if (cause != null) sb.append(" (").append(cause.describe()).append(')');
        else if (msg != null) sb.append(": \"").append(msg).append('"');
        else if (data.length > 0) sb.append(" (data ").append(hex(data)).append(')');
        return sb.toString();
    }

    public String codeName() { return NotificationNames.codeName(code); }

    private String subcodeName() { return NotificationNames.subcodeName(code, subcode); }

    @Override
    public boolean equals(Object o) {
        return o instanceof NotificationData n && n.code == code && n.subcode == subcode && Arrays.equals(n.data, data);
    }

    @Override
    public int hashCode() { return (code * 31 + subcode) * 31 + Arrays.hashCode(data); }

    @Override
    public String toString() { return describe(); }

    private static byte[] truncateUtf8(String s, int maxOctets) {
        byte[] all = s.getBytes(StandardCharsets.UTF_8);
        if (all.length <= maxOctets) return all;
        int end = maxOctets;
        while (end > 0 && (all[end] & 0xc0) == 0x80) end--; // back off to the start of a character
        return Arrays.copyOf(all, end);
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        return sb.toString();
    }
}
