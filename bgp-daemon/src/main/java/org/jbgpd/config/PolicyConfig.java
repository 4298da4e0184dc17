package org.jbgpd.config;

import java.util.List;

/** A named, ordered list of rules; the first rule that matches decides, no match rejects. */
public record PolicyConfig(String name, List<PolicyRule> rules) {

    /** Names that every config has without defining them. */
    public static final String ALL = "all";
    public static final String NONE = "none";

    public PolicyConfig {
        rules = List.copyOf(rules);
    }
}
