package org.jbgpd.lab;

import org.jbgpd.testsupport.Privileges;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives lab/lab.sh: the Calico-like cluster (BIRD 1.6 reflectors and workers in network
 * namespaces, a gateway namespace, a client). One instance per test class; close() tears it down.
 */
final class Lab implements AutoCloseable {
    enum Mode { IBGP, EBGP, DYNAMIC; String arg() { return name().toLowerCase(); } }

    /** For one lab.sh command (birdc, describe, stop-bird): a bound, not a wait; generous for a machine at load 25. */
    static final Duration SHORT = Duration.ofSeconds(60);
    static final Duration SETUP = Duration.ofSeconds(180);

    private final Path script;
    /** Each test JVM gets its own namespaces and state folder, so a developer's demo or another
     *  engineer's test run on the same machine is never torn down by ours. */
    private final String prefix = "jb-lab-t" + ProcessHandle.current().pid();
    private LabTopology topology;

    private Lab(Path script) { this.script = script; }

    /** Skips (or in CI fails) unless root, BIRD 1.6, socat and curl are there. */
    static void requirePrerequisites() {
        Privileges.requireRoot();
        Privileges.requireProgram("bird", "apt-get install bird  (BIRD 1.6, as Calico's fork)");
        Privileges.requireProgram("birdc", "apt-get install bird");
        Privileges.requireProgram("socat", "apt-get install socat");
        Privileges.requireProgram("curl", "apt-get install curl");
    }

    /** Builds the lab (tearing down whatever an earlier run left) and waits for every BIRD session. */
    static Lab up(Mode mode, String md5KeyOrNull) {
        removeStateOfEndedRuns();
        Lab lab = new Lab(findScript());
        List<String> args = new ArrayList<>(List.of("up", "--mode", mode.arg()));
        if (md5KeyOrNull != null) args.addAll(List.of("--md5", md5KeyOrNull));
        try {
            lab.sh(SETUP, args.toArray(String[]::new));
            if (mode != Mode.DYNAMIC) lab.sh(Duration.ofSeconds(150), "wait-established", "120");
            lab.topology = LabTopology.parse(lab.sh(SHORT, "describe"));
        } catch (RuntimeException | AssertionError e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    LabTopology topology() { return topology; }

    /** Re-reads the topology (after add-block). */
    LabTopology refresh() { return topology = LabTopology.parse(sh(SHORT, "describe")); }

    String sh(Duration timeout, String... args) {
        return Shell.run(timeout, scriptCommand(args)).orFail();
    }

    private List<String> scriptCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of("env", "LAB_NS_PREFIX=" + prefix, script.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    String birdc(String node, String... command) {
        List<String> args = new ArrayList<>(List.of("birdc", node));
        args.addAll(List.of(command));
        return sh(SHORT, args.toArray(String[]::new));
    }

    /** The routes a node's BIRD holds (all paths, not only the best). */
    RouteTable birdRoutes(String node) { return RouteTable.parse(birdc(node, "show", "route")); }

    /** `show protocols` line of the session from {@code node} to {@code peerAddress}, e.g. "...Established". */
    String birdSession(String node, String peerAddress) {
        String name = "Node_" + peerAddress.replace('.', '_');
        return birdc(node, "show", "protocols").lines().filter(l -> l.startsWith(name + " "))
                .findFirst().orElse("(no protocol " + name + " on " + node + ")");
    }

    RouteTable kernelRoutes(String namespace, String... selector) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", namespace, "route", "show"));
        cmd.addAll(List.of(selector));
        return RouteTable.parse(Shell.run(SHORT, cmd).orFail());
    }

    /** Runs a command inside a namespace. */
    Shell.Result exec(String namespace, Duration timeout, String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        cmd.addAll(List.of(command));
        return Shell.run(timeout, cmd);
    }

    /** One HTTP GET from a namespace to a pod or service address; the body names who answered. */
    Shell.Result httpGet(String fromNamespace, String address) {
        return exec(fromNamespace, Duration.ofSeconds(10), "curl", "-sS", "-m", "5",
                "http://" + address + ":" + topology.httpPort() + "/");
    }

    Path stateDir() { return Path.of(topology.stateDir()); }

    @Override
    public void close() {
        Shell.Result r = Shell.run(Duration.ofSeconds(60), scriptCommand("down"));
        if (!r.ok()) System.err.println("lab down failed: " + r.describe());
    }

    /**
     * lab.sh down keeps its state folder (BIRD and jbgpd logs, configs) so a failed run can be read
     * afterwards; every test JVM has its own, so they piled up in /run. Folders of test JVMs that
     * have ended are removed here, before the next lab starts; a live one (another run) is left alone.
     */
    private static void removeStateOfEndedRuns() {
        try (var dirs = Files.newDirectoryStream(Path.of("/run"), "jb-lab-t*")) {
            for (Path dir : dirs) {
                String pid = dir.getFileName().toString().substring("jb-lab-t".length());
                if (!pid.matches("[0-9]+") || ProcessHandle.of(Long.parseLong(pid)).isPresent()) continue;
                try (var tree = Files.walk(dir)) {
                    for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                }
            }
        } catch (java.io.IOException e) {
            System.err.println("lab: could not remove old state folders in /run: " + e);
        }
    }

    /** lab/lab.sh, found from the module directory surefire runs in, or any folder below the repository. */
    static Path findScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("lab/lab.sh");
            if (Files.isExecutable(candidate)) return candidate;
        }
        throw new AssertionError("lab/lab.sh not found above " + Path.of("").toAbsolutePath());
    }
}
