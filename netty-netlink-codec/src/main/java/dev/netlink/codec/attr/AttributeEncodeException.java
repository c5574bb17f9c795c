package dev.netlink.codec.attr;

/**
 * An attribute that could not be encoded, with the path of names that leads to it (e.g.
 * {@code CTRL_ATTR_OPS.[2].CTRL_ATTR_OP_ID}) as the failure travels up through the nests; callers see an
 * {@link IllegalArgumentException} whose message is {@code "attribute PATH of SPACE: DETAIL"}. Immutable.
 */
final class AttributeEncodeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String detail;

    private AttributeEncodeException(String path, String detail, String schema, Throwable cause) {
        super("attribute " + path + (schema == null ? "" : " of " + schema) + ": " + detail, cause);
        this.path = path;
        this.detail = detail;
    }

    /** {@code e} as a failure of the attribute {@code segment}, prefixed to the path {@code e} may have. */
    static AttributeEncodeException in(String segment, RuntimeException e) {
        if (e instanceof AttributeEncodeException inner) {
            return new AttributeEncodeException(segment + '.' + inner.path, inner.detail, null, inner.getCause());
        }
        return new AttributeEncodeException(segment, String.valueOf(e.getMessage()), null, e);
    }

    /** This failure, naming the attribute space it happened in. */
    AttributeEncodeException of(String schema) {
        return new AttributeEncodeException(path, detail, schema, getCause());
    }
}
