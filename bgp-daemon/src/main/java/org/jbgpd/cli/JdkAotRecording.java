package org.jbgpd.cli;

import java.lang.reflect.Method;

/**
 * Runs the JDK 25 diagnostic command {@code AOT.end_recording} in this JVM, as {@code jcmd PID
 * AOT.end_recording} would (ADR 0125). The call returns once the cache is written.
 *
 * <p>Why not the supported in-process route, the {@code DiagnosticCommand} MBean: reaching it needs
 * the platform MBean server, which registers every platform MXBean and loads ~550 JMX classes; they
 * would be loaded just before the cache is written, so archived, and mapped at every start (+3.5 MB,
 * more than ending early saves). Spawning {@code jcmd} loads the process API and the JDK's logger
 * bootstrap (~100 classes, archived as well) and needs the attach mechanism. This calls the command
 * runner behind that MBean directly (about 20 classes); the launcher opens its package
 * ({@code --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED}). On a JDK where that
 * class or method is missing, {@link #end} says unsupported and the cache is written at exit as before.
 */
final class JdkAotRecording implements AotRecordingEnd.Recording {

    private static final String RUNNER = "com.sun.management.internal.DiagnosticCommandImpl";

    @Override
    public String end() throws Exception {
        Method runner;
        Method execute;
        try {
            Class<?> c = Class.forName(RUNNER);
            runner = c.getDeclaredMethod("getDiagnosticCommandMBean");
            execute = c.getDeclaredMethod("executeDiagnosticCommand", String.class);
            runner.setAccessible(true);
            execute.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) { // not there, or not opened to us
            throw new UnsupportedOperationException(RUNNER + ": " + e);
        }
        Object instance = runner.invoke(null);
        if (instance == null) throw new UnsupportedOperationException("this JVM runs no diagnostic commands from Java");
        return (String) execute.invoke(instance, "AOT.end_recording");
    }
}
