package org.jbgpd.config;

import java.util.List;
import java.util.stream.Collectors;

/** A config file that cannot be used; carries every error found in one pass (and the warnings). */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** Errors first in file order, then warnings. */
    public List<ConfigProblem> problems() { return problems; }

    public List<ConfigProblem> errors() { return problems.stream().filter(ConfigProblem::isError).toList(); }
}
