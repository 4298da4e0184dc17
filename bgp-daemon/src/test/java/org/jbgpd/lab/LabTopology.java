package org.jbgpd.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lab as `lab/lab.sh describe` reports it: the single source of its names and addresses is
 * lab/topology.sh, so tests never repeat them.
 */
record LabTopology(String mode, String stateDir, long clusterAs, long torAs,
                   String gatewayNamespace, String gatewayNodeIp, String gatewayClientIp,
                   String clientNamespace, String clientIp, String serviceIp,
                   int httpPort, int echoPort,
                   List<Node> reflectors, List<Node> workers) {

    record Node(String name, String namespace, String address, List<String> blocks, List<String> pods) {
        /** The namespace behind a worker that holds its pods (wired like Felix: cali veth, proxy ARP). */
        String podsNamespace() { return namespace + "-pods"; }
    }

    static LabTopology parse(String describe) {
        Map<String, String[]> single = new LinkedHashMap<>();
        List<Node> reflectors = new ArrayList<>();
        Map<String, Node> workers = new LinkedHashMap<>();
        for (String line : describe.strip().split("\n")) {
            String[] f = line.strip().split("\\s+");
            switch (f[0]) {
                case "reflector" -> reflectors.add(new Node(f[1], f[2], f[3], List.of(), List.of()));
                case "worker" -> workers.put(f[1], new Node(f[1], f[2], f[3], new ArrayList<>(), new ArrayList<>()));
                case "block" -> workers.get(f[1]).blocks().add(f[2]);
                case "pod" -> workers.get(f[1]).pods().add(f[2]);
                default -> single.put(f[0], f);
            }
        }
        return new LabTopology(single.get("mode")[1], single.get("state")[1],
                Long.parseLong(single.get("as")[1]), Long.parseLong(single.get("tor-as")[1]),
                single.get("gateway")[1], single.get("gateway")[2], single.get("gateway")[3],
                single.get("client")[1], single.get("client")[2], single.get("service")[1],
                Integer.parseInt(single.get("ports")[1]), Integer.parseInt(single.get("ports")[2]),
                List.copyOf(reflectors), List.copyOf(workers.values()));
    }

    Node worker(String name) {
        return workers.stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no worker " + name));
    }

    /**
     * Every prefix the gateway should learn, with the next hops it should install: each block and
     * each borrowed pod /32 via its worker, and the service /32 via all workers (ECMP).
     */
    Map<String, List<String>> expectedRoutes() {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (Node w : workers) {
            for (String block : w.blocks()) expected.put(block, List.of(w.address()));
            for (String pod : w.pods()) {
                boolean inOwnBlock = w.blocks().stream().anyMatch(b -> Prefixes.contains(b, pod));
                if (!inOwnBlock) expected.put(pod + "/32", List.of(w.address()));
            }
        }
        expected.put(serviceIp + "/32", workers.stream().map(Node::address).sorted().toList());
        return expected;
    }
}
