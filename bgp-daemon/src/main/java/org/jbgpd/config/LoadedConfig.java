package org.jbgpd.config;

import java.util.List;

/** A config that can be used, with the warnings worth showing the operator. */
public record LoadedConfig(JbgpdConfig config, List<ConfigProblem> warnings) {
    public LoadedConfig {
        warnings = List.copyOf(warnings);
    }
}
