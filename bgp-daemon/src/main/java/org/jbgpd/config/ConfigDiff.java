package org.jbgpd.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a reload has to do to get from the running config to a new one, computed without side
 * effects. Peers are matched by name (an address change therefore reads as a session change).
 *
 * @param addedPeers peers to start
 * @param removedPeers peers to stop with Cease 6/3 (peer de-configured), their routes withdrawn
 * @param resetPeers peers whose session parameters changed: Cease 6/6 (other configuration change) and restart
 * @param policyPeers peers whose import or export policy, or a policy they use, changed: re-run policy, keep the session
 * @param restartNeeded settings a reload cannot apply (router id, local AS, listen, control socket, metrics endpoint,
 *                      kernel.*), as config key names; a reload that would change any of them is rejected whole
 */
public record ConfigDiff(
        List<PeerConfig> addedPeers,
        List<PeerConfig> removedPeers,
        List<PeerConfig> resetPeers,
        List<PeerConfig> policyPeers,
        boolean rangesChanged,
        boolean announceChanged,
        boolean kernelChanged,
        boolean loggingChanged,
        List<String> restartNeeded) {

    public ConfigDiff {
        addedPeers = List.copyOf(addedPeers);
        removedPeers = List.copyOf(removedPeers);
        resetPeers = List.copyOf(resetPeers);
        policyPeers = List.copyOf(policyPeers);
        restartNeeded = List.copyOf(restartNeeded);
    }

    public static ConfigDiff between(JbgpdConfig old, JbgpdConfig next) {
        List<String> restart = new ArrayList<>();
        if (!Objects.equals(old.routerId(), next.routerId())) restart.add("routerId");
        if (old.asNumber() != next.asNumber()) restart.add("asNumber");
        if (!old.listen().equals(next.listen())) restart.add("listen");
        if (!old.control().equals(next.control())) restart.add("control");
        if (!old.metrics().equals(next.metrics())) restart.add("metrics");
        restart.addAll(kernelKeys(old.kernel(), next.kernel()));

        Map<String, PeerConfig> before = byName(old.peers());
        Map<String, PeerConfig> after = byName(next.peers());
        List<PeerConfig> added = new ArrayList<>(), removed = new ArrayList<>(), reset = new ArrayList<>(), policy = new ArrayList<>();
        for (PeerConfig p : next.peers()) {
            PeerConfig was = before.get(p.name());
            if (was == null) added.add(p);
            else if (!was.address().equals(p.address()) || !was.session().equals(p.session())) reset.add(p);
            else if (policyChanged(old, was, next, p)) policy.add(p);
        }
        for (PeerConfig p : old.peers()) if (!after.containsKey(p.name())) removed.add(p);
        return new ConfigDiff(added, removed, reset, policy,
                !old.neighborRanges().equals(next.neighborRanges()),
                !old.announce().equals(next.announce()),
                !old.kernel().equals(next.kernel()),
                !old.logging().equals(next.logging()),
                restart);
    }

    public boolean isEmpty() {
        return addedPeers.isEmpty() && removedPeers.isEmpty() && resetPeers.isEmpty() && policyPeers.isEmpty()
                && !rangesChanged && !announceChanged && !kernelChanged && !loggingChanged && restartNeeded.isEmpty();
    }

    /** One line for the log and for `jbgpctl reload`. */
    public String summary() {
        if (isEmpty()) return "no changes";
        List<String> parts = new ArrayList<>();
        if (!addedPeers.isEmpty()) parts.add("added " + names(addedPeers));
        if (!removedPeers.isEmpty()) parts.add("removed " + names(removedPeers));
        if (!resetPeers.isEmpty()) parts.add("reset " + names(resetPeers));
        if (!policyPeers.isEmpty()) parts.add("policy re-evaluated for " + names(policyPeers));
        if (rangesChanged) parts.add("neighborRanges changed");
        if (announceChanged) parts.add("announce changed");
        if (loggingChanged) parts.add("logging changed");
        if (!restartNeeded.isEmpty()) parts.add("needs a restart to apply: " + String.join(", ", restartNeeded));
        return String.join("; ", parts);
    }

    private static boolean policyChanged(JbgpdConfig old, PeerConfig was, JbgpdConfig next, PeerConfig now) {
        return !Objects.equals(was.importPolicy(), now.importPolicy())
                || !Objects.equals(was.exportPolicy(), now.exportPolicy())
                || !old.policy(was.importPolicy()).equals(next.policy(now.importPolicy()))
                || !old.policy(was.exportPolicy()).equals(next.policy(now.exportPolicy()));
    }

    /** The kernel keys that differ: the netlink FIB is opened with them and keeps them until it closes. */
    private static List<String> kernelKeys(KernelConfig a, KernelConfig b) {
        List<String> keys = new ArrayList<>();
        if (a.enabled() != b.enabled()) keys.add("kernel.enabled");
        if (a.table() != b.table()) keys.add("kernel.table");
        if (a.protocol() != b.protocol()) keys.add("kernel.protocol");
        if (a.metric() != b.metric()) keys.add("kernel.metric");
        if (a.ecmp() != b.ecmp()) keys.add("kernel.ecmp");
        if (a.keepOnExit() != b.keepOnExit()) keys.add("kernel.keepOnExit");
        if (a.nexthopObjects() != b.nexthopObjects()) keys.add("kernel.nexthopObjects");
        return keys;
    }

    private static Map<String, PeerConfig> byName(List<PeerConfig> peers) {
        return peers.stream().collect(Collectors.toMap(PeerConfig::name, Function.identity()));
    }

    private static String names(List<PeerConfig> peers) {
        return peers.stream().map(PeerConfig::name).collect(Collectors.joining(", "));
    }
}
