package org.jbgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdNotifyTest {

    @TempDir
    Path dir;

    @Test
    void sendsEachStateAsOneDatagram() throws Exception {
        try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify"))) {
            SdNotify sd = new SdNotify(systemd.path.toString());
            sd.notify("READY=1\nSTATUS=running");
            sd.notify("STOPPING=1");
            assertEquals("READY=1\nSTATUS=running", systemd.next());
            assertEquals("STOPPING=1", systemd.next());
        }
    }

    @Test
    void withoutNotifySocketNothingHappens() {
        SdNotify sd = new SdNotify(null);
        assertFalse(sd.enabled());
        sd.notify("READY=1"); // must not throw
    }
}
