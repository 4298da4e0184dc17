package org.jbgpd.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** Collects errors and warnings for one file during one load, so a user sees all of them at once. */
final class Problems {

    private final String file;
    private final List<ConfigProblem> found = new ArrayList<>();

    Problems(String file) { this.file = file; }

    void error(Node at, String message) { add(at, ConfigProblem.Severity.ERROR, message); }

    void warning(Node at, String message) { add(at, ConfigProblem.Severity.WARNING, message); }

    void error(Optional<Mark> at, String message) { add(at, ConfigProblem.Severity.ERROR, message); }

    private void add(Node at, ConfigProblem.Severity severity, String message) {
        add(at == null ? Optional.empty() : at.getStartMark(), severity, message);
    }

    private void add(Optional<Mark> mark, ConfigProblem.Severity severity, String message) {
        int line = mark.map(m -> m.getLine() + 1).orElse(1);
        int column = mark.map(m -> m.getColumn() + 1).orElse(1);
        found.add(new ConfigProblem(file, line, column, severity, message));
    }

    boolean hasErrors() { return found.stream().anyMatch(ConfigProblem::isError); }

    /** Errors first, each group in file order. */
    List<ConfigProblem> sorted() {
        return found.stream()
                .sorted(Comparator.comparing((ConfigProblem p) -> p.severity())
                        .thenComparingInt(ConfigProblem::line)
                        .thenComparingInt(ConfigProblem::column))
                .toList();
    }

    List<ConfigProblem> warnings() { return found.stream().filter(p -> !p.isError()).toList(); }
}
