package dev.netlink.ynl;

/**
 * A YNL spec's {@code operations.enum-model}: how operations are numbered. Default {@code unified}.
 *
 * <p>A closed set (a Java enum): it decides every operation's message id, so an unknown model is refused.
 */
public enum YnlEnumModel {
    /** One enum for every message: a request and its reply share the operation's {@code value}. */
    UNIFIED("unified"),
    /**
     * Messages to the kernel and from the kernel are numbered apart: requests from 1 on, replies, notifications
     * and events from 1 on, each overridable by {@code do}/{@code dump}'s {@code request}/{@code reply}
     * {@code value}.
     */
    DIRECTIONAL("directional");

    private final String yamlName;

    YnlEnumModel(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The model's name as a spec writes it. */
    public String yamlName() {
        return yamlName;
    }

    static YnlEnumModel ofYamlName(String name) {
        for (YnlEnumModel model : values()) {
            if (model.yamlName.equals(name)) {
                return model;
            }
        }
        return null;
    }
}
