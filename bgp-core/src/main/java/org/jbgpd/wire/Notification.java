package org.jbgpd.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * NOTIFICATION (RFC 4271 §4.5): error code, subcode and data. The constants name the codes of
 * RFC 4271 §6, the Cease subcodes of RFC 4486 / RFC 8538 and the FSM subcodes of RFC 6608.
 * For an administrative shutdown or reset the data may carry an RFC 9003 shutdown communication:
 * see {@link #shutdownCommunication()}.
 */
public record Notification(int code, int subcode, byte[] data) implements BgpMessage {

    // Error codes (RFC 4271 §4.5, RFC 7313)
    public static final int MESSAGE_HEADER_ERROR = 1;
    public static final int OPEN_MESSAGE_ERROR = 2;
    public static final int UPDATE_MESSAGE_ERROR = 3;
    public static final int HOLD_TIMER_EXPIRED = 4;
    public static final int FSM_ERROR = 5;
    public static final int CEASE = 6;
    public static final int ROUTE_REFRESH_MESSAGE_ERROR = 7;

    /** Subcode 0 of any code: no more specific reason. */
    public static final int UNSPECIFIC = 0;

    // Message header error subcodes
    public static final int CONNECTION_NOT_SYNCHRONIZED = 1;
    public static final int BAD_MESSAGE_LENGTH = 2;
    public static final int BAD_MESSAGE_TYPE = 3;

    // OPEN message error subcodes (RFC 4271, RFC 5492)
    public static final int UNSUPPORTED_VERSION_NUMBER = 1;
    public static final int BAD_PEER_AS = 2;
    public static final int BAD_BGP_IDENTIFIER = 3;
    public static final int UNSUPPORTED_OPTIONAL_PARAMETER = 4;
    public static final int UNACCEPTABLE_HOLD_TIME = 6;
    public static final int UNSUPPORTED_CAPABILITY = 7;

    // UPDATE message error subcodes
    public static final int MALFORMED_ATTRIBUTE_LIST = 1;
    public static final int UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE = 2;
    public static final int MISSING_WELL_KNOWN_ATTRIBUTE = 3;
    public static final int ATTRIBUTE_FLAGS_ERROR = 4;
    public static final int ATTRIBUTE_LENGTH_ERROR = 5;
    public static final int INVALID_ORIGIN_ATTRIBUTE = 6;
    public static final int INVALID_NEXT_HOP_ATTRIBUTE = 8;
    public static final int OPTIONAL_ATTRIBUTE_ERROR = 9;
    public static final int INVALID_NETWORK_FIELD = 10;
    public static final int MALFORMED_AS_PATH = 11;

    // FSM error subcodes (RFC 6608)
    public static final int UNEXPECTED_MESSAGE_IN_OPEN_SENT = 1;
    public static final int UNEXPECTED_MESSAGE_IN_OPEN_CONFIRM = 2;
    public static final int UNEXPECTED_MESSAGE_IN_ESTABLISHED = 3;

    // Cease subcodes (RFC 4486, RFC 8538, RFC 9384)
    public static final int MAXIMUM_PREFIXES_REACHED = 1;
    public static final int ADMINISTRATIVE_SHUTDOWN = 2;
    public static final int PEER_DECONFIGURED = 3;
    public static final int ADMINISTRATIVE_RESET = 4;
    public static final int CONNECTION_REJECTED = 5;
    public static final int OTHER_CONFIGURATION_CHANGE = 6;
    public static final int CONNECTION_COLLISION_RESOLUTION = 7;
    public static final int OUT_OF_RESOURCES = 8;
    public static final int HARD_RESET = 9;
    public static final int BFD_DOWN = 10;

    // ROUTE-REFRESH message error subcodes (RFC 7313)
    public static final int INVALID_ROUTE_REFRESH_LENGTH = 1;

    /** RFC 9003: a shutdown communication carries at most 255 octets of UTF-8. */
    public static final int MAX_SHUTDOWN_COMMUNICATION_OCTETS = 255;

    private static final byte[] NO_DATA = new byte[0];

    public Notification {
        if ((code & ~0xff) != 0 || (subcode & ~0xff) != 0) {
            throw new IllegalArgumentException("NOTIFICATION code/subcode out of range: " + code + "/" + subcode);
        }
        data = data == null || data.length == 0 ? NO_DATA : data.clone();
    }

    public static Notification of(int code, int subcode) {
        return new Notification(code, subcode, NO_DATA);
    }

    /** A NOTIFICATION whose data is {@code value} as a big-endian integer of {@code octets} octets. */
    public static Notification withValue(int code, int subcode, long value, int octets) {
        byte[] d = new byte[octets];
        for (int i = 0; i < octets; i++) d[i] = (byte) (value >>> (8 * (octets - 1 - i)));
        return new Notification(code, subcode, d);
    }

    /**
     * Cease with an RFC 9003 shutdown communication. The text is cut (on a character boundary) to
     * 255 octets of UTF-8.
     *
     * @param subcode {@link #ADMINISTRATIVE_SHUTDOWN} or {@link #ADMINISTRATIVE_RESET}
     */
    public static Notification shutdown(int subcode, String text) {
        if (subcode != ADMINISTRATIVE_SHUTDOWN && subcode != ADMINISTRATIVE_RESET) {
            throw new IllegalArgumentException("a shutdown communication belongs to Cease/2 or Cease/4, not Cease/" + subcode);
        }
        byte[] utf8 = truncateUtf8(text == null ? "" : text, MAX_SHUTDOWN_COMMUNICATION_OCTETS);
        byte[] d = new byte[utf8.length + 1];
        d[0] = (byte) utf8.length;
        System.arraycopy(utf8, 0, d, 1, utf8.length);
        return new Notification(CEASE, subcode, d);
    }

    /** The data octets (a copy). */
    @Override
    public byte[] data() { return data.clone(); }

    public int dataLength() { return data.length; }

    /**
     * The RFC 9003 shutdown communication, sanitised for a log line (control characters replaced
     * by '?'), or empty when this is not Cease/2 or Cease/4, carries none, or carries a length
     * that does not match or bytes that are not valid UTF-8 (which are never trusted).
     */
    public Optional<String> shutdownCommunication() {
        if (code != CEASE || (subcode != ADMINISTRATIVE_SHUTDOWN && subcode != ADMINISTRATIVE_RESET)) return Optional.empty();
        if (data.length == 0) return Optional.empty();
        int len = data[0] & 0xff;
        if (len == 0 || len + 1 > data.length) return Optional.empty();
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, 1, len))
                    .toString();
            return Optional.of(sanitise(text));
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** A one-line description for logs: "6/2 Cease / Administrative Shutdown: "text"" or with hex data. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(code).append('/').append(subcode).append(' ').append(NotificationNames.describe(code, subcode));
        Optional<String> shutdown = shutdownCommunication();
        if (shutdown.isPresent()) {
            sb.append(": \"").append(shutdown.get()).append('"');
        } else if (data.length > 0) {
            sb.append(" data=").append(HexFormat.of().formatHex(data, 0, Math.min(data.length, 64)));
            if (data.length > 64) sb.append("...");
        }
        return sb.toString();
    }

    @Override
    public int type() { return TYPE_NOTIFICATION; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Notification n && n.code == code && n.subcode == subcode && Arrays.equals(n.data, data);
    }

    @Override
    public int hashCode() { return (code * 31 + subcode) * 31 + Arrays.hashCode(data); }

    @Override
    public String toString() { return "Notification[" + describe() + "]"; }

    private static String sanitise(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029 || Character.getType(cp) == Character.FORMAT) sb.append('?');
            else sb.appendCodePoint(cp);
        });
        return sb.toString();
    }

    private static byte[] truncateUtf8(String text, int maxOctets) {
        byte[] all = text.getBytes(StandardCharsets.UTF_8);
        if (all.length <= maxOctets) return all;
        int end = maxOctets;
        while (end > 0 && (all[end] & 0xc0) == 0x80) end--; // never cut inside a multi-byte character
        return Arrays.copyOf(all, end);
    }
}
