package org.jbgpd.session;

/**
 * Why a connection or session ended: what `show peers` prints as the last error and the listener receives.
 *
 * @param notification the NOTIFICATION sent or received, or null when the TCP connection just went away
 * @param text         a sentence for operators ("hold timer expired", "connection closed by peer")
 */
public record DownReason(Kind kind, NotificationData notification, String text, long timeMillis) {

    public enum Kind { NOTIFICATION_SENT, NOTIFICATION_RECEIVED, CONNECTION_CLOSED, CONNECT_FAILED, ADMIN }

    public String describe() {
        return switch (kind) {
            case NOTIFICATION_SENT -> "sent " + notification.describe() + (text.isEmpty() ? "" : " (" + text + ")");
            case NOTIFICATION_RECEIVED -> "received " + notification.describe();
            case ADMIN -> text + (notification == null ? "" : ", sent " + notification.describe());
            case CONNECTION_CLOSED, CONNECT_FAILED -> text;
        };
    }
}
