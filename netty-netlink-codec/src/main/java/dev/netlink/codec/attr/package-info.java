/**
 * Netlink attributes, {@code struct nlattr} of {@code include/uapi/linux/netlink.h} and the kernel's
 * {@code lib/nlattr.c}: the type-length-value records that follow a message's fixed header.
 *
 * <ul>
 * <li>{@link dev.netlink.codec.attr.AttributeReader} and {@link dev.netlink.codec.attr.AttributeWriter} read and
 *     write them in place, as {@code nla_for_each_attr}/{@code nla_get_*} and {@code nla_put_*}/{@code nla_nest_*}
 *     do: checked lengths, 4-byte padding, {@code NLA_F_NESTED} and {@code NLA_F_NET_BYTEORDER}.</li>
 * <li>{@link dev.netlink.codec.attr.AttributeSchema} and {@link dev.netlink.codec.attr.AttributeType} describe an
 *     attribute space the way a {@code struct nla_policy} array does ({@code NLA_U8} … {@code NLA_UINT},
 *     nests, arrays), to decode a block into a {@code Map<Integer, Object>}, encode one back, and name the
 *     attribute an extended ack points at.</li>
 * <li>{@link dev.netlink.codec.attr.ReportedPolicy} ({@code NL_POLICY_TYPE_ATTR_*}) and
 *     {@link dev.netlink.codec.attr.NlAttrType} ({@code NL_ATTR_TYPE_*}) are the kernel's own description of a
 *     policy, as nlctrl's {@code CTRL_CMD_GETPOLICY} and the extended ack's {@code NLMSGERR_ATTR_POLICY} report
 *     it; an {@code AttributeType} is ours, a {@code ReportedPolicy} is the kernel's.</li>
 * </ul>
 *
 * <p>Readers and writers are confined to one thread and never retain or release the buffers they are given;
 * schemas, types and policies are immutable and may be shared.
 */
package dev.netlink.codec.attr;
