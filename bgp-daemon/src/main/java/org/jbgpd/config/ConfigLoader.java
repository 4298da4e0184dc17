package org.jbgpd.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads and validates a jbgpd YAML file. Works on snakeyaml-engine's node tree (not on
 * constructed maps) so every problem keeps its line and column. Reports all problems at once.
 */
public final class ConfigLoader {

    static final long MAX_AS = 4_294_967_295L;
    static final int DEFAULT_HOLD = 90;
    static final int DEFAULT_CONNECT_RETRY = 5;
    static final int DEFAULT_RESTART_TIME = 120;
    private static final IpAddress ANY_V6 = IpAddress.parse("::");

    private ConfigLoader() {}

    public static LoadedConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw single(file.toString(), "no such file");
        } catch (IOException e) {
            throw single(file.toString(), "cannot read: " + e.getMessage());
        }
        return parse(file.toString(), text, file.toAbsolutePath().getParent());
    }

    /** Parses text; relative passwordFile paths resolve against {@code baseDir}. */
    public static LoadedConfig parse(String fileName, String text, Path baseDir) throws ConfigException {
        Problems problems = new Problems(fileName);
        Node root;
        try (Reader r = new StringReader(text)) {
            // Duplicate and non-scalar keys are allowed here so that YamlMapping reports them with their own line and column.
            LoadSettings settings = LoadSettings.builder().setLabel(fileName).setAllowDuplicateKeys(true).setAllowNonScalarKeys(true).build();
            root = new Compose(settings).composeReader(r).orElse(null);
        } catch (MarkedYamlEngineException e) {
            problems.error(e.getProblemMark().or(e::getContextMark), "YAML syntax: " + e.getProblem());
            throw new ConfigException(problems.sorted());
        } catch (YamlEngineException | IOException e) {
            problems.error(Optional.empty(), "YAML syntax: " + e.getMessage());
            throw new ConfigException(problems.sorted());
        }
        JbgpdConfig config = new Reading(problems, baseDir).root(root);
        if (problems.hasErrors()) throw new ConfigException(problems.sorted());
        return new LoadedConfig(config, problems.warnings());
    }

    private static ConfigException single(String file, String message) {
        return new ConfigException(List.of(new ConfigProblem(file, 1, 1, ConfigProblem.Severity.ERROR, message)));
    }

    /** State of one load: the problems found and where relative paths start. */
    private record Reading(Problems problems, Path baseDir) {

        JbgpdConfig root(Node root) {
            if (root == null) {
                problems.error(Optional.empty(), "the file is empty: routerId, asNumber and at least one peer or neighborRange are needed");
                return null;
            }
            YamlMapping m = YamlMapping.of(root, "", problems);
            IpAddress routerId = routerId(m);
            long localAs = m.integer("asNumber", 1, MAX_AS, 0);
            if (!m.has("asNumber")) problems.error(root, "asNumber is required");
            else warnReservedAs(m.value("asNumber"), "asNumber", localAs);

            ListenConfig listen = listen(m.mapping("listen"));
            Map<String, PolicyConfig> policies = policies(m);
            Map<String, Node> policyRefs = new LinkedHashMap<>();
            Map<String, Integer> names = new HashMap<>();
            List<PeerConfig> peers = peers(m, localAs, policyRefs, names);
            List<NeighborRangeConfig> ranges = ranges(m, localAs, policyRefs, names);
            if (peers.isEmpty() && ranges.isEmpty() && m.value("peers") == null && m.value("neighborRanges") == null) {
                problems.warning(root, "no peers and no neighborRanges: jbgpd will run but learn nothing");
            }
            policyRefs.forEach((name, at) -> {
                if (!policies.containsKey(name) && !name.equals(PolicyConfig.ALL) && !name.equals(PolicyConfig.NONE)) {
                    List<String> known = new ArrayList<>(policies.keySet());
                    known.add(PolicyConfig.ALL);
                    known.add(PolicyConfig.NONE);
                    problems.error(at, "policy " + name + " is not defined under policies" + DidYouMean.hint(name, known));
                }
            });
            List<AnnounceConfig> announce = announce(m);
            KernelConfig kernel = kernel(m.mapping("kernel"));
            ControlConfig control = control(m.mapping("control"));
            MetricsConfig metrics = metrics(m.mapping("metrics"));
            YamlMapping log = m.mapping("logging");
            LoggingConfig logging = new LoggingConfig(log.choice("level", LoggingConfig.Level.class, LoggingConfig.Level.INFO));
            log.finish();
            m.finish();
            return new JbgpdConfig(routerId, localAs, listen, peers, ranges, policies, announce, kernel, control, metrics, logging);
        }

        private IpAddress routerId(YamlMapping m) {
            if (!m.has("routerId")) {
                problems.error(m.node(), "routerId is required (an IPv4 address, usually this host's own)");
                return null;
            }
            IpAddress id = m.address("routerId", null);
            if (id != null && !id.isV4()) problems.error(m.value("routerId"), "routerId must be an IPv4 address (a 32-bit BGP identifier), not " + id);
            else if (id != null && id.v4() == 0) problems.error(m.value("routerId"), "routerId must not be 0.0.0.0");
            return id;
        }

        private void warnReservedAs(Node at, String what, long as) {
            if (as == 23456) problems.warning(at, what + " 23456 is AS_TRANS (RFC 6793), not a real AS");
        }

        private ListenConfig listen(YamlMapping l) {
            ListenConfig c = new ListenConfig(l.bool("enabled", true), l.address("address", ANY_V6),
                    (int) l.integer("port", 1, 65535, ListenConfig.DEFAULT_PORT));
            l.finish();
            return c;
        }

        private Map<String, PolicyConfig> policies(YamlMapping m) {
            Map<String, PolicyConfig> out = new LinkedHashMap<>();
            m.entries("policies").forEach((key, value) -> {
                String name = key.getValue();
                if (name.equals(PolicyConfig.ALL) || name.equals(PolicyConfig.NONE)) {
                    problems.error(key, "policy name " + name + " is built in; choose another name");
                    return;
                }
                List<PolicyRule> rules = new ArrayList<>();
                if (!(value instanceof org.snakeyaml.engine.v2.nodes.SequenceNode seq)) {
                    problems.error(value, "policies." + name + " must be a list of rules");
                    return;
                }
                for (Node item : seq.getValue()) {
                    PolicyRule rule = rule(YamlMapping.of(item, "policies." + name + " rule", problems));
                    if (rule != null) rules.add(rule);
                }
                out.put(name, new PolicyConfig(name, rules));
            });
            return out;
        }

        private PolicyRule rule(YamlMapping r) {
            PolicyRule.Action action = r.choice("action", PolicyRule.Action.class, null);
            if (!r.has("action")) problems.error(r.node(), r.path() + " needs action: accept or reject");
            IpPrefix prefix = r.prefix("prefix");
            int bits = prefix == null ? 128 : prefix.family().addressBits();
            int own = prefix == null ? 0 : prefix.length();
            int min = (int) r.integer("minLength", 0, bits, own);
            int max = (int) r.integer("maxLength", 0, bits, own);
            if (prefix == null && (r.has("minLength") || r.has("maxLength"))) {
                problems.error(r.keyOrSelf(r.has("minLength") ? "minLength" : "maxLength"), "minLength and maxLength need a prefix");
            } else if (prefix != null && min < own) {
                problems.error(r.value("minLength"), "minLength " + min + " is shorter than the prefix " + prefix);
            } else if (min > max) {
                problems.error(r.keyOrSelf("maxLength"), "maxLength " + max + " is less than minLength " + min);
            }
            r.finish();
            return action == null ? null : new PolicyRule(action, prefix, min, max);
        }

        private List<PeerConfig> peers(YamlMapping m, long localAs, Map<String, Node> policyRefs, Map<String, Integer> names) {
            List<PeerConfig> out = new ArrayList<>();
            Map<IpAddress, Node> addresses = new HashMap<>();
            int i = 0;
            for (Node item : m.sequence("peers")) {
                YamlMapping p = YamlMapping.of(item, "peers[" + i++ + "]", problems);
                String name = p.requiredString("name");
                checkUniqueName(p, name, names);
                IpAddress address = p.address("address", null);
                if (!p.has("address")) problems.error(p.node(), p.qualified("address") + " is required");
                if (address != null) {
                    Node previous = addresses.putIfAbsent(address, p.value("address"));
                    if (previous != null) {
                        problems.error(p.value("address"), "peer address " + address + " is already used at line "
                                + previous.getStartMark().map(mk -> mk.getLine() + 1).orElse(0));
                    }
                }
                SessionSettings s = session(p, localAs, address == null ? null : address.family(), false);
                String imp = policyRef(p, "importPolicy", policyRefs);
                String exp = policyRef(p, "exportPolicy", policyRefs);
                if (address != null && s.sourceAddress() != null && s.sourceAddress().family() != address.family()) {
                    problems.error(p.value("sourceAddress"), "sourceAddress " + s.sourceAddress() + " is not of the same family as address " + address);
                }
                if (imp == null && !s.isInternal(localAs) && localAs != 0) {
                    problems.warning(p.node(), "eBGP peer " + name + " has no importPolicy: following RFC 8212 it accepts no routes;"
                            + " set importPolicy (\"all\" to accept everything)");
                }
                p.finish();
                if (name != null && address != null) out.add(new PeerConfig(name, address, s, imp, exp));
            }
            return out;
        }

        private List<NeighborRangeConfig> ranges(YamlMapping m, long localAs, Map<String, Node> policyRefs, Map<String, Integer> names) {
            List<NeighborRangeConfig> out = new ArrayList<>();
            int i = 0;
            for (Node item : m.sequence("neighborRanges")) {
                YamlMapping r = YamlMapping.of(item, "neighborRanges[" + i++ + "]", problems);
                String name = r.requiredString("name");
                checkUniqueName(r, name, names);
                IpPrefix range = r.prefix("range");
                if (!r.has("range")) problems.error(r.node(), r.qualified("range") + " is required");
                SessionSettings s = session(r, localAs, range == null ? null : range.family(), true);
                String imp = policyRef(r, "importPolicy", policyRefs);
                String exp = policyRef(r, "exportPolicy", policyRefs);
                if (imp == null && !s.isInternal(localAs) && localAs != 0) {
                    problems.warning(r.node(), "eBGP neighborRange " + name + " has no importPolicy: following RFC 8212 it accepts no routes");
                }
                r.finish();
                if (name != null && range != null) out.add(new NeighborRangeConfig(name, range, s, imp, exp));
            }
            return out;
        }

        private String policyRef(YamlMapping p, String key, Map<String, Node> refs) {
            String name = p.string(key, null);
            if (name != null) refs.putIfAbsent(name.trim(), p.value(key));
            return name == null ? null : name.trim();
        }

        /** Session keys shared by peers and ranges. Dynamic neighbors are passive by definition. */
        private SessionSettings session(YamlMapping p, long localAs, Family addressFamily, boolean dynamic) {
            long as = p.integer("asNumber", 1, MAX_AS, localAs == 0 ? 1 : localAs);
            if (p.has("asNumber")) warnReservedAs(p.value("asNumber"), p.qualified("asNumber"), as);
            Path passwordFile = passwordFile(p);
            int hold = (int) p.integer("holdTime", 0, 65535, DEFAULT_HOLD);
            if (hold == 1 || hold == 2) {
                problems.error(p.value("holdTime"), p.qualified("holdTime") + " must be 0 (no keepalives) or 3..65535 seconds (RFC 4271 4.2)");
                hold = DEFAULT_HOLD;
            }
            int keepalive = (int) p.integer("keepaliveTime", 0, 21845, hold / 3);
            if (p.has("keepaliveTime") && hold != 0 && keepalive >= hold) {
                problems.error(p.value("keepaliveTime"), p.qualified("keepaliveTime") + " " + keepalive + " must be less than holdTime " + hold + " (one third is usual)");
            }
            int retry = (int) p.integer("connectRetryTime", 1, 65535, DEFAULT_CONNECT_RETRY);
            boolean passive = p.bool("passive", dynamic);
            if (dynamic && p.has("passive") && !passive) {
                problems.error(p.value("passive"), "neighborRanges are always passive: jbgpd cannot connect to a whole range");
            }
            int ttl = (int) p.integer("ttlSecurity", 0, 254, 0);
            IpAddress source = p.address("sourceAddress", null);
            Set<Family> families = families(p, addressFamily);
            YamlMapping gr = p.mapping("gracefulRestart");
            GracefulRestartConfig grc = new GracefulRestartConfig(gr.bool("enabled", true), (int) gr.integer("restartTime", 1, 4095, DEFAULT_RESTART_TIME));
            gr.finish();
            long maxPrefixes = p.integer("maxPrefixes", 0, Integer.MAX_VALUE, 0);
            int port = dynamic ? ListenConfig.DEFAULT_PORT : (int) p.integer("port", 1, 65535, ListenConfig.DEFAULT_PORT);
            return new SessionSettings(as, passwordFile, hold, keepalive, retry, passive, ttl, source, families, grc, maxPrefixes, port);
        }

        private Set<Family> families(YamlMapping p, Family addressFamily) {
            if (!p.has("families")) return addressFamily == null ? Set.of(Family.IPV4_UNICAST) : Set.of(addressFamily);
            Set<Family> out = EnumSet.noneOf(Family.class);
            List<String> names = List.of(Family.IPV4_UNICAST.configName(), Family.IPV6_UNICAST.configName());
            for (Family f : p.scalars("families", (ScalarNode s) -> {
                Family f2 = Family.ofConfigName(s.getValue().trim());
                if (f2 == null) problems.error(s, p.qualified("families") + ": unknown family " + s.getValue() + ", use ipv4 or ipv6" + DidYouMean.hint(s.getValue(), names));
                return f2;
            })) {
                out.add(f);
            }
            if (out.isEmpty()) {
                problems.error(p.value("families"), p.qualified("families") + " must name at least one of ipv4, ipv6");
                return Set.of(Family.IPV4_UNICAST);
            }
            return out;
        }

        private Path passwordFile(YamlMapping p) {
            String s = p.string("passwordFile", null);
            if (s == null) return null;
            Node at = p.value("passwordFile");
            Path path = baseDir == null ? Path.of(s) : baseDir.resolve(s);
            if (!Files.isRegularFile(path)) {
                problems.error(at, p.qualified("passwordFile") + ": " + path + " does not exist or is not a file");
                return path;
            }
            if (!Files.isReadable(path)) {
                problems.error(at, p.qualified("passwordFile") + ": " + path + " is not readable by this user");
                return path;
            }
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                    problems.warning(at, p.qualified("passwordFile") + ": " + path + " is readable by group or others; chmod 600 it");
                }
                if (Files.size(path) == 0) problems.error(at, p.qualified("passwordFile") + ": " + path + " is empty");
                else if (Files.size(path) > 81) problems.error(at, p.qualified("passwordFile") + ": " + path + " holds more than 80 bytes, the TCP MD5 key limit");
            } catch (IOException | UnsupportedOperationException e) {
                problems.warning(at, p.qualified("passwordFile") + ": cannot check permissions of " + path);
            }
            return path;
        }

        /** Names are shared by peers and ranges: the CLI and metrics address both by name. */
        private void checkUniqueName(YamlMapping p, String name, Map<String, Integer> names) {
            if (name == null) return;
            Node at = p.value("name");
            int line = at.getStartMark().map(mk -> mk.getLine() + 1).orElse(0);
            Integer first = names.putIfAbsent(name, line);
            if (first != null) problems.error(at, "name " + name + " is already used at line " + first);
        }

        private List<AnnounceConfig> announce(YamlMapping m) {
            List<AnnounceConfig> out = new ArrayList<>();
            int i = 0;
            for (Node item : m.sequence("announce")) {
                YamlMapping a = YamlMapping.of(item, "announce[" + i++ + "]", problems);
                IpPrefix prefix = a.prefix("prefix");
                if (!a.has("prefix")) problems.error(a.node(), a.qualified("prefix") + " is required");
                IpAddress nextHop = a.address("nextHop", null);
                if (prefix != null && nextHop != null && nextHop.family() != prefix.family()) {
                    problems.error(a.value("nextHop"), a.qualified("nextHop") + " " + nextHop + " is not of the family of " + prefix);
                }
                a.finish();
                if (prefix != null) out.add(new AnnounceConfig(prefix, nextHop));
            }
            return out;
        }

        private KernelConfig kernel(YamlMapping k) {
            boolean enabled = k.bool("enabled", true);
            long table = k.integer("table", 1, 0xffff_ffffL, 254);
            int protocol = (int) k.integer("protocol", 5, 255, 186);
            long metric = k.integer("metric", 0, 0xffff_ffffL, 20);
            KernelConfig c = new KernelConfig(enabled, table, protocol, metric, k.bool("ecmp", true), k.bool("keepOnExit", true),
                    k.bool("nexthopObjects", KernelConfig.NEXTHOP_OBJECTS_DEFAULT));
            k.finish();
            return c;
        }

        private ControlConfig control(YamlMapping c) {
            String socket = c.string("socket", null);
            String group = c.string("group", null);
            int mode = ControlConfig.DEFAULT_MODE;
            String modeText = c.string("mode", null);
            if (modeText != null) {
                if (modeText.trim().matches("0?6[06][06]")) {
                    mode = Integer.parseInt(modeText.trim(), 8);
                } else {
                    problems.error(c.value("mode"), "control.mode must be 0600, 0660 or 0666 (octal, quoted: \"0660\")");
                }
            }
            c.finish();
            return new ControlConfig(socket == null ? ControlConfig.DEFAULT_SOCKET : Path.of(socket), group, mode);
        }

        private MetricsConfig metrics(YamlMapping m) {
            MetricsConfig c = new MetricsConfig(m.bool("enabled", true), m.address("address", IpAddress.parse("127.0.0.1")),
                    (int) m.integer("port", 1, 65535, 9179));
            m.finish();
            return c;
        }
    }
}
