package org.jbgpd.bench.e2e;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Version strings of the daemons, asked from the programs themselves. */
final class Versions {
    private static final Pattern VERSION = Pattern.compile("(\\d+\\.\\d+(?:\\.\\d+)*)");

    private Versions() {}

    static String bird(Path program) {
        return first(List.of(program.toString(), "--version"));
    }

    static String first(List<String> command) {
        try {
            Commands.Result r = Commands.run(command, 30);
            Matcher m = VERSION.matcher(r.output());
            return m.find() ? m.group(1) : "?";
        } catch (BenchException e) {
            return "?";
        }
    }
}
