package dev.netlink.ynl;

/**
 * A YNL spec file that does not follow the kernel's spec schema ({@code Documentation/netlink/*.yaml}) in a
 * way this loader depends on: bad YAML, a missing required key, a value of the wrong kind, or a reference to
 * an attribute set, definition or sub-message the spec does not define. Unknown keys are never an error.
 *
 * <p>The message names the file, the key path inside it (attribute sets, attributes, operations and
 * definitions are named by their {@code name}, other list items by index) and what was expected. Immutable.
 */
public final class YnlSpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String path;

    YnlSpecException(String source, String path, String problem) {
        this(source, path, problem, null);
    }

    YnlSpecException(String source, String path, String problem, Throwable cause) {
        super(source + (path.isEmpty() ? "" : ": " + path) + ": " + problem, cause);
        this.source = source;
        this.path = path;
    }

    /** The file (or resource) the spec was read from. */
    public String source() {
        return source;
    }

    /** The key path of the offending value, such as {@code attribute-sets[link-attrs].attributes[ifname].type}. */
    public String path() {
        return path;
    }
}
