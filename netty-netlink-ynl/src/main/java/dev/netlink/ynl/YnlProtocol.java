package dev.netlink.ynl;

/**
 * A YNL spec's {@code protocol}, the schema compatibility level it is written against
 * ({@code Documentation/netlink/genetlink.yaml}, {@code genetlink-c.yaml}, {@code genetlink-legacy.yaml},
 * {@code netlink-raw.yaml}); a spec without the key is {@code genetlink}.
 *
 * <p>A closed set (a Java enum): the level decides how messages are framed, so a spec of a level this library
 * does not know is refused rather than misread.
 */
public enum YnlProtocol {
    /** Generic netlink, the recommended level. */
    GENETLINK("genetlink"),
    /** Generic netlink with C naming overrides. */
    GENETLINK_C("genetlink-c"),
    /** Generic netlink with the older families' features: fixed headers, structs, directional ids, versions. */
    GENETLINK_LEGACY("genetlink-legacy"),
    /** A classic netlink protocol ({@code protonum}), such as rtnetlink: fixed headers, sub-messages. */
    NETLINK_RAW("netlink-raw");

    private final String yamlName;

    YnlProtocol(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The level's name as a spec writes it. */
    public String yamlName() {
        return yamlName;
    }

    /** Whether messages of this level carry a {@code struct genlmsghdr}. */
    public boolean isGenetlink() {
        return this != NETLINK_RAW;
    }

    /**
     * Whether the kernel checks a request against its operation's own policy, which the spec's {@code request}
     * list mirrors, so that a client may refuse what the list leaves out: generic netlink, whose commands each have
     * a policy. rtnetlink (netlink-raw) checks a message against its whole attribute set's policy, and its specs'
     * lists leave out attributes the kernel takes (rt-link's {@code newlink} has no {@code master} or
     * {@code link}, rt-rule's {@code newrule} no {@code src} or {@code dst}).
     */
    public boolean checksRequestsPerOperation() {
        return isGenetlink();
    }

    /** The level a spec names, or {@code null} if there is none of that name. */
    static YnlProtocol ofYamlName(String name) {
        for (YnlProtocol protocol : values()) {
            if (protocol.yamlName.equals(name)) {
                return protocol;
            }
        }
        return null;
    }
}
