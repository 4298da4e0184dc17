package org.jbgpd.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The daemon's side of the launcher's AOT cache (ADR 0084). The JVM records the cache at exit whatever
 * the exit was, and ignores a cache it cannot use with only an {@code [error][aot]} line; neither may
 * leave a useless cache in place for good. So a recording run writes the launcher's key into the stamp
 * file only once the cache is complete: when {@link AotRecordingEnd} had the JVM write it while the
 * daemon runs (ADR 0125), or else after a clean stop (a run that failed to start loaded too few classes
 * to be worth keeping); a run that was given a cache but did not map it removes the stamp, so that the
 * next start records a new one. The launcher uses a cache only when its stamp holds the current key.
 *
 * @param cache the cache file ({@code -XX:AOTCache} or {@code -XX:AOTCacheOutput})
 * @param stamp the file that marks the cache complete
 * @param key   what the cache depends on (JDK, jars, flags) in a recording run; null when using the cache
 */
record AotCache(Path cache, Path stamp, String key) {

    /** From the launcher's system properties; null when this run neither uses nor records a cache. */
    static AotCache fromSystemProperties() {
        String cache = System.getProperty("jbgpd.aot.cache");
        String stamp = System.getProperty("jbgpd.aot.stamp");
        return cache == null || stamp == null ? null : new AotCache(Path.of(cache), Path.of(stamp), System.getProperty("jbgpd.aot.key"));
    }

    boolean recording() { return key != null; }

    /** At start: a cache we were given but that the JVM did not map is dropped at the next start. */
    void checkInUse() {
        if (recording()) return;
        try {
            if (Files.readString(Path.of("/proc/self/maps")).contains(cache.toAbsolutePath().toString())) return;
            Files.deleteIfExists(stamp);
            System.err.println("jbgpd: the AOT cache " + cache + " was not used (see the JVM's [aot] message above);"
                    + " the next start records a new one");
        } catch (IOException e) {
            System.err.println("jbgpd: cannot check the AOT cache " + cache + ": " + e.getMessage());
        }
    }

    /** Once the cache is written (or, recorded at exit, after a clean stop just before); a failure only means recording again. */
    void markComplete() {
        if (!recording()) return;
        // Written beside it and moved into place: the launcher (or a crash mid-write) never sees a stamp
        // that exists but does not yet hold the key.
        Path partial = stamp.resolveSibling(stamp.getFileName() + ".partial");
        try {
            Files.writeString(partial, key, StandardCharsets.US_ASCII);
            Files.move(partial, stamp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println("jbgpd: cannot mark the AOT cache as complete (" + stamp + "): " + e.getMessage());
        }
    }
}
