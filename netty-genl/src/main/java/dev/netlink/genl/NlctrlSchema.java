package dev.netlink.genl;

import dev.netlink.codec.attr.AttributeSchema;
import dev.netlink.codec.attr.AttributeType;

import static dev.netlink.genl.GenlCtrl.*;

/**
 * The attribute spaces of nlctrl ({@code include/uapi/linux/genetlink.h}, the kernel's {@code nlctrl.yaml}) as
 * {@link AttributeSchema}s: {@code CTRL_ATTR_*} and its nests, so that an nlctrl request that the kernel refuses
 * names the attribute ({@code CTRL_ATTR_FAMILY_NAME}), and a reply decodes to a map. Constants; thread-safe.
 */
public final class NlctrlSchema {
    /** {@code CTRL_ATTR_OP_*}: one entry of {@code CTRL_ATTR_OPS}. */
    public static final AttributeSchema OP = AttributeSchema.builder("ctrl-op")
            .add(CTRL_ATTR_OP_ID, "CTRL_ATTR_OP_ID", AttributeType.U32)
            .add(CTRL_ATTR_OP_FLAGS, "CTRL_ATTR_OP_FLAGS", AttributeType.U32)
            .build();
    /** {@code CTRL_ATTR_MCAST_GRP_*}: one entry of {@code CTRL_ATTR_MCAST_GROUPS}. */
    public static final AttributeSchema MCAST_GROUP = AttributeSchema.builder("ctrl-mcast-grp")
            .add(CTRL_ATTR_MCAST_GRP_NAME, "CTRL_ATTR_MCAST_GRP_NAME", AttributeType.STRING)
            .add(CTRL_ATTR_MCAST_GRP_ID, "CTRL_ATTR_MCAST_GRP_ID", AttributeType.U32)
            .build();
    /** {@code CTRL_ATTR_POLICY_*}: one command's entry of {@code CTRL_ATTR_OP_POLICY}. */
    public static final AttributeSchema OP_POLICY = AttributeSchema.builder("ctrl-op-policy")
            .add(CTRL_ATTR_POLICY_DO, "CTRL_ATTR_POLICY_DO", AttributeType.U32)
            .add(CTRL_ATTR_POLICY_DUMP, "CTRL_ATTR_POLICY_DUMP", AttributeType.U32)
            .build();
    /**
     * {@code CTRL_ATTR_*}, nlctrl's top level. {@code CTRL_ATTR_POLICY}'s policy tables stay binary here: they are
     * read into {@link Policy} by the controller.
     */
    public static final AttributeSchema CTRL = AttributeSchema.builder("ctrl")
            .add(CTRL_ATTR_FAMILY_ID, "CTRL_ATTR_FAMILY_ID", AttributeType.U16)
            .add(CTRL_ATTR_FAMILY_NAME, "CTRL_ATTR_FAMILY_NAME", AttributeType.STRING)
            .add(CTRL_ATTR_VERSION, "CTRL_ATTR_VERSION", AttributeType.U32)
            .add(CTRL_ATTR_HDRSIZE, "CTRL_ATTR_HDRSIZE", AttributeType.U32)
            .add(CTRL_ATTR_MAXATTR, "CTRL_ATTR_MAXATTR", AttributeType.U32)
            .add(CTRL_ATTR_OPS, "CTRL_ATTR_OPS", AttributeType.array(AttributeType.nested(OP), 1))
            .add(CTRL_ATTR_MCAST_GROUPS, "CTRL_ATTR_MCAST_GROUPS",
                    AttributeType.array(AttributeType.nested(MCAST_GROUP), 1))
            .add(CTRL_ATTR_POLICY, "CTRL_ATTR_POLICY", AttributeType.BINARY)
            .add(CTRL_ATTR_OP_POLICY, "CTRL_ATTR_OP_POLICY", AttributeType.dict(AttributeType.nested(OP_POLICY)))
            .add(CTRL_ATTR_OP, "CTRL_ATTR_OP", AttributeType.U32)
            .build();

    private NlctrlSchema() {
    }
}
