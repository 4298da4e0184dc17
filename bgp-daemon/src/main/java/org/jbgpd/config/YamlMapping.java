package org.jbgpd.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads the keys of one YAML mapping. Every getter records a located problem and returns the
 * default instead of throwing, so one pass finds all errors. The keys asked for are the known
 * keys: {@link #finish()} reports the rest as unknown, with a hint for the closest known one.
 */
final class YamlMapping {

    private final Node node;
    private final String path;
    private final Problems problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> asked = new LinkedHashSet<>();

    private YamlMapping(Node node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** A reader for {@code node}; a non-mapping is reported and read as empty. */
    static YamlMapping of(Node node, String path, Problems problems) {
        YamlMapping m = new YamlMapping(node, path, problems);
        if (node instanceof MappingNode mapping) {
            for (NodeTuple t : mapping.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode key)) {
                    problems.error(t.getKeyNode(), "keys must be plain names");
                    continue;
                }
                if (m.entries.putIfAbsent(key.getValue(), t) != null) {
                    problems.error(key, "duplicate key " + m.qualified(key.getValue()));
                }
            }
        } else if (node != null && !isNull(node)) {
            problems.error(node, (path.isEmpty() ? "the file" : path) + " must be a mapping of keys to values");
        }
        return m;
    }

    Node node() { return node; }

    String path() { return path; }

    boolean has(String key) {
        asked.add(key);
        NodeTuple t = entries.get(key);
        return t != null && !isNull(t.getValueNode());
    }

    /** The value node, or null when absent or YAML null. */
    Node value(String key) {
        asked.add(key);
        NodeTuple t = entries.get(key);
        return t == null || isNull(t.getValueNode()) ? null : t.getValueNode();
    }

    /** Where to point for a missing key: the mapping itself. */
    Node keyOrSelf(String key) {
        NodeTuple t = entries.get(key);
        return t != null ? t.getKeyNode() : node;
    }

    String qualified(String key) { return path.isEmpty() ? key : path + "." + key; }

    String string(String key, String dflt) {
        Node v = value(key);
        if (v == null) return dflt;
        if (!(v instanceof ScalarNode s)) {
            problems.error(v, qualified(key) + " must be a single value");
            return dflt;
        }
        return s.getValue();
    }

    String requiredString(String key) {
        String s = string(key, null);
        if (s == null && !entries.containsKey(key)) problems.error(node, qualified(key) + " is required");
        else if (s == null || s.isBlank()) problems.error(keyOrSelf(key), qualified(key) + " must not be empty");
        return s == null || s.isBlank() ? null : s;
    }

    long integer(String key, long min, long max, long dflt) {
        Node v = value(key);
        if (v == null) return dflt;
        Long n = parseLong(v);
        if (n == null) {
            problems.error(v, qualified(key) + " must be a whole number in " + min + ".." + max);
            return dflt;
        }
        if (n < min || n > max) {
            problems.error(v, qualified(key) + " is " + n + ", must be in " + min + ".." + max);
            return dflt;
        }
        return n;
    }

    boolean bool(String key, boolean dflt) {
        Node v = value(key);
        if (v == null) return dflt;
        if (v instanceof ScalarNode s) {
            switch (s.getValue().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> { return true; }
                case "false", "no", "off" -> { return false; }
                default -> { }
            }
        }
        problems.error(v, qualified(key) + " must be true or false");
        return dflt;
    }

    IpAddress address(String key, IpAddress dflt) {
        String s = string(key, null);
        if (s == null) return dflt;
        try {
            return IpAddress.parse(s.trim());
        } catch (IllegalArgumentException e) {
            problems.error(value(key), qualified(key) + ": " + e.getMessage());
            return dflt;
        }
    }

    IpPrefix prefix(String key) {
        String s = string(key, null);
        if (s == null) return null;
        try {
            return IpPrefix.parse(s.trim());
        } catch (IllegalArgumentException e) {
            problems.error(value(key), qualified(key) + ": " + e.getMessage());
            return null;
        }
    }

    <E extends Enum<E>> E choice(String key, Class<E> type, E dflt) {
        String s = string(key, null);
        if (s == null) return dflt;
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            String name = e.name().toLowerCase(Locale.ROOT);
            names.add(name);
            if (name.equals(s.trim().toLowerCase(Locale.ROOT))) return e;
        }
        problems.error(value(key), qualified(key) + " must be one of " + String.join(", ", names)
                + DidYouMean.hint(s, names));
        return dflt;
    }

    /** A nested mapping; absent reads as empty (all defaults). */
    YamlMapping mapping(String key) {
        return of(value(key), qualified(key), problems);
    }

    /** The items of a sequence; absent is empty, a non-sequence is reported. */
    List<Node> sequence(String key) {
        Node v = value(key);
        if (v == null) return List.of();
        if (v instanceof SequenceNode seq) return seq.getValue();
        problems.error(v, qualified(key) + " must be a list");
        return List.of();
    }

    /** The scalar items of a sequence, each converted; bad items are reported and skipped. */
    <T> List<T> scalars(String key, Function<ScalarNode, T> convert) {
        List<T> out = new ArrayList<>();
        for (Node item : sequence(key)) {
            if (item instanceof ScalarNode s) {
                T t = convert.apply(s);
                if (t != null) out.add(t);
            } else {
                problems.error(item, qualified(key) + " items must be single values");
            }
        }
        return out;
    }

    /** The entries of a mapping-valued key, in file order. */
    Map<ScalarNode, Node> entries(String key) {
        Node v = value(key);
        Map<ScalarNode, Node> out = new LinkedHashMap<>();
        if (v == null) return out;
        YamlMapping m = of(v, qualified(key), problems);
        for (NodeTuple t : m.entries.values()) out.put((ScalarNode) t.getKeyNode(), t.getValueNode());
        return out;
    }

    /** Reports every key nobody asked for. Call after all reads. */
    void finish() {
        for (NodeTuple t : entries.values()) {
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            if (!asked.contains(key)) {
                problems.error(t.getKeyNode(), "unknown key " + qualified(key) + DidYouMean.hint(key, asked));
            }
        }
    }

    static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.isPlain()
                && (s.getValue().isEmpty() || s.getValue().equals("~") || s.getValue().equalsIgnoreCase("null"));
    }

    static Long parseLong(Node v) {
        if (!(v instanceof ScalarNode s)) return null;
        String t = s.getValue().trim().replace("_", "");
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
