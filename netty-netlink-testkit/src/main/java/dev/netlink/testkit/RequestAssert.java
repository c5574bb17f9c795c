package dev.netlink.testkit;

import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageType;
import dev.netlink.codec.attr.AttributeSchema;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Checks a request the {@link FakeKernel} received: type, flags, family header and attributes. A failure throws
 * {@link AssertionError} whose message shows what was expected and the whole decoded request — header fields,
 * flag names, and the attributes by name when a schema is given. Not thread-safe.
 *
 * <pre>{@code
 * RequestAssert.assertThat(kernel.lastRequest())
 *         .withSchema(CTRL_SCHEMA, 4)
 *         .hasType(0x10).hasFlags(NLM_F_REQUEST | NLM_F_ACK)
 *         .hasAttribute(CTRL_ATTR_FAMILY_NAME, "ethtool");
 * }</pre>
 */
public final class RequestAssert {
    private final NetlinkMessage request;
    private AttributeSchema schema;
    private int headerLength;

    private RequestAssert(NetlinkMessage request) {
        this.request = Objects.requireNonNull(request, "request");
    }

    /** Starts checking {@code request}. */
    public static RequestAssert assertThat(NetlinkMessage request) {
        return new RequestAssert(request);
    }

    /** Names the attributes with {@code schema}; they start {@code headerLength} bytes into the payload. */
    public RequestAssert withSchema(AttributeSchema schema, int headerLength) {
        this.schema = schema;
        this.headerLength = headerLength;
        return this;
    }

    /** The request's {@code nlmsg_type} is {@code type}. */
    public RequestAssert hasType(int type) {
        if (request.type() != type) {
            fail("nlmsg_type " + NetlinkMessageType.toString(type));
        }
        return this;
    }

    /** Every bit of {@code flags} is set in the request's {@code nlmsg_flags}. */
    public RequestAssert hasFlags(int flags) {
        if (!request.hasFlags(flags)) {
            fail("flags " + NetlinkFlags.toString(flags));
        }
        return this;
    }

    /** The payload starts with {@code header} (a family header such as {@code genlmsghdr} or {@code ifinfomsg}). */
    public RequestAssert hasHeader(byte[] header) {
        ByteBuf p = request.content();
        if (p.readableBytes() < header.length
                || !Arrays.equals(ByteBufUtil.getBytes(p, p.readerIndex(), header.length), header)) {
            fail("a payload starting with " + ByteBufUtil.hexDump(header));
        }
        return this;
    }

    /** The attribute {@code type} is present and decodes (with the schema) to {@code expected}. */
    public RequestAssert hasAttribute(int type, Object expected) {
        Map<Integer, Object> attrs = attributes();
        Object actual = attrs.get(type);
        boolean same = actual instanceof byte[] a && expected instanceof byte[] e ? Arrays.equals(a, e)
                : actual instanceof Number a && expected instanceof Number e ? a.longValue() == e.longValue()
                : Objects.equals(actual, expected);
        if (!attrs.containsKey(type) || !same) {
            fail("attribute " + name(type) + " = " + expected);
        }
        return this;
    }

    /** The attribute {@code type} is absent. */
    public RequestAssert hasNoAttribute(int type) {
        if (attributes().containsKey(type)) {
            fail("no attribute " + name(type));
        }
        return this;
    }

    private String name(int type) {
        return schema == null ? String.valueOf(type) : schema.name(type);
    }

    private Map<Integer, Object> attributes() {
        if (schema == null) {
            throw new IllegalStateException("give the request's attribute schema first: withSchema(schema, header)");
        }
        ByteBuf p = request.content();
        int skip = Math.min(headerLength, p.readableBytes());
        return schema.decode(p.slice(p.readerIndex() + skip, p.readableBytes() - skip));
    }

    private void fail(String expected) {
        throw new AssertionError("expected a request with " + expected + ", but it was " + describe());
    }

    /** The decoded request, for failure messages. */
    public String describe() {
        StringBuilder sb = new StringBuilder(request.toString());
        ByteBuf p = request.content();
        if (schema != null) {
            try {
                sb.append(" header ").append(ByteBufUtil.hexDump(p, p.readerIndex(),
                        Math.min(headerLength, p.readableBytes())));
                sb.append(" attributes ").append(schema.format(attributes()));
            } catch (RuntimeException e) {
                sb.append(" (attributes unreadable: ").append(e.getMessage()).append(')');
            }
        } else {
            sb.append(" payload ").append(ByteBufUtil.hexDump(p));
        }
        return sb.toString();
    }
}
