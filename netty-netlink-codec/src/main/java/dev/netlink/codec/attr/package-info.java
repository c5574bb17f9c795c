/**
 * Netlink attributes, {@code struct nlattr} of {@code include/uapi/linux/netlink.h} and the kernel's
 * {@code lib/nlattr.c}: the type-length-value records that follow a message's fixed header.
 *
 * <ul>
 * <li>{@link dev.netlink.codec.attr.AttributeReader} and {@link dev.netlink.codec.attr.AttributeWriter} read and
 *     write them in place, as {@code nla_for_each_attr}/{@code nla_get_*} and {@code nla_put_*}/{@code nla_nest_*}
 *     do: checked lengths, 4-byte padding, {@code NLA_F_NESTED} and {@code NLA_F_NET_BYTEORDER}.</li>
 * <li>{@link dev.netlink.codec.attr.AttributeSchema} and {@link dev.netlink.codec.attr.AttributeType} describe an
 *     attribute space the way a {@code struct nla_policy} array or a YNL {@code attribute-set} does
 *     ({@code NLA_U8} … {@code NLA_UINT}, nests, arrays, multi-attrs, big-endian integers, enums and flags by name
 *     ({@link dev.netlink.codec.attr.AttributeEnum}), C structs ({@link dev.netlink.codec.attr.AttributeStruct})).
 *     One class per job uses them: {@link dev.netlink.codec.attr.AttributeMapCodec} decodes a block into a
 *     {@code Map<Integer, Object>} and encodes one back, {@link dev.netlink.codec.attr.AttributePaths} names the
 *     attribute an extended ack points at, {@link dev.netlink.codec.attr.AttributeFormatter} prints a decoded
 *     map.</li>
 * <li>{@link dev.netlink.codec.attr.ReportedPolicy} ({@code NL_POLICY_TYPE_ATTR_*}) and
 *     {@link dev.netlink.codec.attr.NlAttrType} ({@code NL_ATTR_TYPE_*}) are the kernel's own description of a
 *     policy, as nlctrl's {@code CTRL_CMD_GETPOLICY} and the extended ack's {@code NLMSGERR_ATTR_POLICY} report
 *     it; an {@code AttributeType} is ours, a {@code ReportedPolicy} is the kernel's.</li>
 * </ul>
 *
 * <p>Readers and writers are confined to one thread and never retain or release the buffers they are given;
 * schemas, types, enums, structs and policies are immutable and may be shared; the codec, path and formatter
 * classes are static and thread-safe.
 */
package dev.netlink.codec.attr;
