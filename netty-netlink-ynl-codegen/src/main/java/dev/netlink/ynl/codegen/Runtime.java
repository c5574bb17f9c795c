package dev.netlink.ynl.codegen;

import com.palantir.javapoet.ClassName;

/** The classes generated code refers to, by name, so that the generator needs none of them loaded. */
final class Runtime {
    static final String TYPED = "dev.netlink.ynl.typed";
    static final ClassName ENUM_VALUE = ClassName.get(TYPED, "EnumValue");
    static final ClassName ENUM_LOOKUP = ClassName.get(TYPED, "EnumValue", "Lookup");
    static final ClassName FLAG_SET = ClassName.get(TYPED, "FlagSet");
    static final ClassName KERNEL_CONSTANT = ClassName.get(TYPED, "KernelConstant");
    static final ClassName RAW_ATTRIBUTE = ClassName.get(TYPED, "RawAttribute");
    static final ClassName HINTS = ClassName.get(TYPED, "Hints");
    static final ClassName CHECKS = ClassName.get(TYPED, "Checks");
    static final ClassName STRUCTS = ClassName.get(TYPED, "Structs");
    static final ClassName FAMILY_SOCKET = ClassName.get(TYPED, "FamilySocket");
    static final ClassName FAMILY_OPERATION = ClassName.get(TYPED, "FamilyOperation");
    static final ClassName NOTIFICATION = ClassName.get(TYPED, "Notification");
    static final ClassName YNL_SPEC = ClassName.get("dev.netlink.ynl", "YnlSpec");
    static final ClassName READER = ClassName.get("dev.netlink.codec.attr", "AttributeReader");
    static final ClassName WRITER = ClassName.get("dev.netlink.codec.attr", "AttributeWriter");
    static final ClassName BITFIELD32 = ClassName.get("dev.netlink.codec.attr", "Bitfield32");
    static final ClassName NETLINK_ATTRIBUTE = ClassName.get("dev.netlink.codec.attr", "NetlinkAttribute");
    static final ClassName MAC = ClassName.get("dev.netlink.codec.attr", "MacAddress");
    static final ClassName HOST_ORDER = ClassName.get("dev.netlink.codec", "HostOrder");
    static final ClassName NETLINK_MESSAGE = ClassName.get("dev.netlink.codec", "NetlinkMessage");
    static final ClassName BYTE_BUF = ClassName.get("io.netty.buffer", "ByteBuf");
    static final ClassName FUTURE = ClassName.get("io.netty.util.concurrent", "Future");
    static final ClassName NETLINK_SOCKET = ClassName.get("dev.netlink.client", "NetlinkSocket");
    static final ClassName SOCKET_BUILDER = ClassName.get("dev.netlink.client", "NetlinkSocket", "Builder");
    static final ClassName CONTROLLER = ClassName.get("dev.netlink.genl", "GenericNetlinkController");

    private Runtime() {
    }
}
