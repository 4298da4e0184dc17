package org.jbgpd.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jbgpd.wire.IpAddress;

/**
 * A validated config: every value checked, every default filled in, every policy name resolved.
 * Immutable, so the running daemon and a reload can hold two of them and compare
 * ({@link ConfigDiff}).
 */
public record JbgpdConfig(
        IpAddress routerId,
        long asNumber,
        ListenConfig listen,
        List<PeerConfig> peers,
        List<NeighborRangeConfig> neighborRanges,
        Map<String, PolicyConfig> policies,
        List<AnnounceConfig> announce,
        KernelConfig kernel,
        ControlConfig control,
        MetricsConfig metrics,
        LoggingConfig logging) {

    public JbgpdConfig {
        peers = List.copyOf(peers);
        neighborRanges = List.copyOf(neighborRanges);
        policies = Map.copyOf(policies);
        announce = List.copyOf(announce);
    }

    public Optional<PeerConfig> peer(String name) {
        return peers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The policy a peer names, or empty for the built-in "all"/"none" and for no policy. */
    public Optional<PolicyConfig> policy(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(policies.get(name));
    }
}
