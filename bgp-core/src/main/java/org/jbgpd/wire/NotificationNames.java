package org.jbgpd.wire;

/** Human names of NOTIFICATION codes and subcodes (RFC 4271, 4486, 6608, 7313, 8538, 9687), for logs and the CLI. */
public final class NotificationNames {

    private NotificationNames() {}

    static String describe(int code, int subcode) {
        String c = codeName(code);
        String s = subcodeName(code, subcode);
        return s == null ? (subcode == 0 ? c : c + " / subcode " + subcode) : c + " / " + s;
    }

    /** The error code's name, "Unknown error code" for codes no RFC defines. */
    public static String codeName(int code) {
        return switch (code) {
            case Notification.MESSAGE_HEADER_ERROR -> "Message Header Error";
            case Notification.OPEN_MESSAGE_ERROR -> "OPEN Message Error";
            case Notification.UPDATE_MESSAGE_ERROR -> "UPDATE Message Error";
            case Notification.HOLD_TIMER_EXPIRED -> "Hold Timer Expired";
            case Notification.FSM_ERROR -> "Finite State Machine Error";
            case Notification.CEASE -> "Cease";
            case Notification.ROUTE_REFRESH_MESSAGE_ERROR -> "ROUTE-REFRESH Message Error";
            case 8 -> "Send Hold Timer Expired";
            default -> "Unknown error code";
        };
    }

    /** The subcode's name, or null for subcode 0 and for subcodes no RFC defines. */
    public static String subcodeName(int code, int subcode) {
        return subcode == 0 ? null : switch (code) {
            case Notification.MESSAGE_HEADER_ERROR -> switch (subcode) {
                case 1 -> "Connection Not Synchronized";
                case 2 -> "Bad Message Length";
                case 3 -> "Bad Message Type";
                default -> null;
            };
            case Notification.OPEN_MESSAGE_ERROR -> switch (subcode) {
                case 1 -> "Unsupported Version Number";
                case 2 -> "Bad Peer AS";
                case 3 -> "Bad BGP Identifier";
                case 4 -> "Unsupported Optional Parameter";
                case 6 -> "Unacceptable Hold Time";
                case 7 -> "Unsupported Capability";
                case 11 -> "Role Mismatch";
                default -> null;
            };
            case Notification.UPDATE_MESSAGE_ERROR -> switch (subcode) {
                case 1 -> "Malformed Attribute List";
                case 2 -> "Unrecognized Well-known Attribute";
                case 3 -> "Missing Well-known Attribute";
                case 4 -> "Attribute Flags Error";
                case 5 -> "Attribute Length Error";
                case 6 -> "Invalid ORIGIN Attribute";
                case 8 -> "Invalid NEXT_HOP Attribute";
                case 9 -> "Optional Attribute Error";
                case 10 -> "Invalid Network Field";
                case 11 -> "Malformed AS_PATH";
                default -> null;
            };
            case Notification.FSM_ERROR -> switch (subcode) {
                case 1 -> "Receive Unexpected Message in OpenSent State";
                case 2 -> "Receive Unexpected Message in OpenConfirm State";
                case 3 -> "Receive Unexpected Message in Established State";
                default -> null;
            };
            case Notification.CEASE -> switch (subcode) {
                case 1 -> "Maximum Number of Prefixes Reached";
                case 2 -> "Administrative Shutdown";
                case 3 -> "Peer De-configured";
                case 4 -> "Administrative Reset";
                case 5 -> "Connection Rejected";
                case 6 -> "Other Configuration Change";
                case 7 -> "Connection Collision Resolution";
                case 8 -> "Out of Resources";
                case 9 -> "Hard Reset";
                case 10 -> "BFD Down";
                default -> null;
            };
            case Notification.ROUTE_REFRESH_MESSAGE_ERROR -> subcode == 1 ? "Invalid Message Length" : null;
            default -> null;
        };
    }
}
