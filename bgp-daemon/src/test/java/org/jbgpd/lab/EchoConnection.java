package org.jbgpd.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One long-lived TCP connection from a namespace to a pod's echo port (socat as the client), so a
 * check can tell whether a connection survives what happens to the gateway in between.
 */
final class EchoConnection implements AutoCloseable {
    private final Process socat;
    private final OutputStream toPod;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    EchoConnection(String namespace, String address, int port) throws IOException {
        socat = new ProcessBuilder("ip", "netns", "exec", namespace, "socat", "-", "TCP:" + address + ":" + port)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        toPod = socat.getOutputStream();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(socat.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) lines.add(line);
            } catch (IOException ignored) {
                // the connection ended; roundTrip() reports it
            }
        });
    }

    /** Sends one line and waits for it to come back; false if it does not within the timeout. */
    boolean roundTrip(String line, long timeoutMillis) throws InterruptedException {
        try {
            toPod.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            toPod.flush();
        } catch (IOException e) {
            return false;
        }
        String back = lines.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        return line.equals(back);
    }

    boolean alive() { return socat.isAlive(); }

    @Override
    public void close() {
        socat.destroy();
    }
}
