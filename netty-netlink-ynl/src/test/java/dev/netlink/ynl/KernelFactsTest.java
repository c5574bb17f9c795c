package dev.netlink.ynl;

import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bundled specs against the kernel's uAPI headers of 6.12 ({@code include/uapi/linux/*.h}): the numbers YNL's
 * rules give must be the numbers the kernel uses.
 */
class KernelFactsTest {
    @Test
    void nlctrl() {
        // genetlink.h: CTRL_CMD_*, CTRL_ATTR_*, CTRL_ATTR_OP_*, CTRL_ATTR_MCAST_GRP_*, NL_POLICY_TYPE_ATTR_*
        YnlSpec spec = YnlSpec.bundled("nlctrl");
        assertEquals("nlctrl", spec.name());
        assertOp(spec, "getfamily", 3, 1); // answered with CTRL_CMD_NEWFAMILY
        assertOp(spec, "getpolicy", 10, 10);
        YnlAttributeSet ctrl = set(spec, "ctrl-attrs");
        assertValue(ctrl, "family-id", 1);
        assertValue(ctrl, "family-name", 2);
        assertValue(ctrl, "version", 3);
        assertValue(ctrl, "hdrsize", 4);
        assertValue(ctrl, "maxattr", 5);
        assertValue(ctrl, "mcast-groups", 7);
        assertValue(ctrl, "op-policy", 9);
        assertValue(ctrl, "op", 10);
        YnlAttribute ops = attr(ctrl, "ops");
        assertEquals(6, ops.value());
        assertEquals(YnlType.INDEXED_ARRAY, ops.type());
        assertEquals(Optional.of(YnlType.NEST), ops.subType());
        assertEquals(Optional.of("op-attrs"), ops.nestedAttributes());
        YnlAttribute policy = attr(ctrl, "policy");
        assertEquals(8, policy.value());
        assertEquals(YnlType.NEST_TYPE_VALUE, policy.type());
        assertEquals(List.of("policy-id", "attr-id"), policy.typeValue());
        assertValue(set(spec, "mcast-group-attrs"), "id", 2);
        YnlAttributeSet policyAttrs = set(spec, "policy-attrs");
        assertValue(policyAttrs, "type", 1);
        assertValue(policyAttrs, "bitfield32-mask", 10);
        // The spec lists mask before pad, so YNL's rule gives mask 11 and pad 12, but netlink.h has
        // NL_POLICY_TYPE_ATTR_PAD 11 and NL_POLICY_TYPE_ATTR_MASK 12: a bug of the kernel's nlctrl.yaml (6.12, and
        // torvalds/linux at 6f47c7ae), kept in the bundle as the kernel wrote it. The schema compiler must not
        // take these two from the spec; this test fails the day a refreshed bundle brings the kernel's fix.
        assertValue(policyAttrs, "mask", 11);
        assertValue(policyAttrs, "pad", 12);

        YnlAttribute opFlags = attr(set(spec, "op-attrs"), "flags");
        assertEquals(2, opFlags.value());
        assertTrue(opFlags.enumAsFlags());
        YnlEnum flags = spec.enumeration(opFlags.enumType().orElseThrow()).orElseThrow();
        assertEquals(16, flags.entry("uns-admin-perm").orElseThrow().userValue(opFlags.enumAsFlags()));
        assertEquals(31, flags.mask(true));
    }

    @Test
    void netdev() {
        // netdev.h: NETDEV_CMD_*, NETDEV_A_DEV_*, enum netdev_xdp_act
        YnlSpec spec = YnlSpec.bundled("netdev");
        assertEquals(YnlProtocol.GENETLINK, spec.protocol());
        assertOp(spec, "dev-get", 1, 1);
        assertOp(spec, "dev-add-ntf", 2, 2);
        assertOp(spec, "page-pool-get", 5, 5);
        assertOp(spec, "queue-get", 10, 10);
        assertOp(spec, "napi-get", 11, 11);
        assertOp(spec, "qstats-get", 12, 12);
        assertOp(spec, "bind-rx", 13, 13);
        YnlOperation addNtf = spec.operations().operation("dev-add-ntf").orElseThrow();
        assertEquals(Optional.of("mgmt"), addNtf.mcgrp());
        assertEquals(Optional.of("dev"), addNtf.attributeSet());
        assertEquals(Optional.empty(), addNtf.configCond());
        assertEquals(Optional.of("page-pool"), spec.operations().operation("page-pool-get").orElseThrow().configCond());
        YnlAttributeSet dev = set(spec, "dev");
        assertValue(dev, "ifindex", 1);
        assertValue(dev, "pad", 2);
        YnlAttribute xdpFeatures = attr(dev, "xdp-features");
        assertEquals(3, xdpFeatures.value());
        assertEquals(YnlType.U64, xdpFeatures.type());
        YnlEnum xdpAct = spec.enumeration(xdpFeatures.enumType().orElseThrow()).orElseThrow();
        assertTrue(xdpAct.flags());
        assertEquals(1, xdpAct.entry("basic").orElseThrow().userValue(false));
        assertEquals(32, xdpAct.entry("rx-sg").orElseThrow().userValue(false));
        assertEquals(List.of("mgmt", "page-pool"), spec.mcastGroups().stream().map(YnlMcastGroup::name).toList());
    }

    @Test
    void rtLink() {
        // if_link.h: IFLA_*; rtnetlink.h: RTM_*, RTNLGRP_LINK
        YnlSpec spec = YnlSpec.bundled("rt-link");
        assertEquals("rt-link", spec.name());
        assertEquals(YnlProtocol.NETLINK_RAW, spec.protocol());
        assertEquals(OptionalInt.of(0), spec.protonum());
        YnlAttributeSet link = set(spec, "link-attrs");
        assertValue(link, "address", 1);
        assertValue(link, "ifname", 3);
        assertValue(link, "mtu", 4);
        assertValue(link, "linkinfo", 18);
        assertValue(link, "af-spec", 26);
        assertValue(link, "alt-ifname", 53);
        assertValue(link, "allmulti", 61);
        assertValue(link, "gso-ipv4-max-size", 63);
        assertValue(link, "devlink-port", 62);
        assertValue(link, "gro-ipv4-max-size", 64);
        assertValue(link, "dpll-pin", 65);
        assertEquals(Optional.of(YnlType.STRING), Optional.of(attr(link, "ifname").type()));

        YnlOperations ops = spec.operations();
        assertEquals(YnlEnumModel.DIRECTIONAL, ops.enumModel());
        assertOp(spec, "newlink", 16, null);
        assertOp(spec, "dellink", 17, null);
        assertOp(spec, "getlink", 18, 16);
        assertEquals(Optional.of("ifinfomsg"), ops.operation("getlink").orElseThrow().fixedHeader());
        assertEquals(OptionalInt.of(1), spec.mcastGroup("rtnlgrp-link").orElseThrow().value());
    }

    @Test
    void rtLinkSubMessageSelectedByKind() {
        YnlSpec spec = YnlSpec.bundled("rt-link");
        YnlAttributeSet linkinfo = set(spec, "linkinfo-attrs");
        assertEquals(YnlType.STRING, attr(linkinfo, "kind").type());
        YnlAttribute data = attr(linkinfo, "data");
        assertEquals(2, data.value());
        assertEquals(YnlType.SUB_MESSAGE, data.type());
        assertEquals(Optional.of("kind"), data.selector());
        YnlSubMessage formats = spec.subMessage(data.subMessage().orElseThrow()).orElseThrow();
        YnlSubMessageFormat vlan = formats.format("vlan").orElseThrow();
        assertEquals(Optional.of("linkinfo-vlan-attrs"), vlan.attributeSet());
        assertValue(set(spec, "linkinfo-vlan-attrs"), "id", 1);
        assertTrue(formats.format("bond").isPresent());
        assertFalse(formats.format("no-such-kind").isPresent());
    }

    @Test
    void rtRouteAndRtAddrMessageValues() {
        // rtnetlink.h: RTM_NEWROUTE 24, RTM_DELROUTE 25, RTM_GETROUTE 26, RTM_NEWADDR 20, RTM_DELADDR 21,
        // RTM_GETADDR 22; RTNLGRP_IPV4_IFADDR 5, RTNLGRP_IPV4_ROUTE 7, RTNLGRP_IPV6_IFADDR 9, RTNLGRP_IPV6_ROUTE 11
        YnlSpec route = YnlSpec.bundled("rt-route");
        assertEquals(OptionalInt.of(0), route.protonum());
        assertOp(route, "getroute", 26, 24);
        assertOp(route, "newroute", 24, null);
        assertOp(route, "delroute", 25, null);
        YnlOperation getroute = route.operations().operation("getroute").orElseThrow();
        assertEquals(OptionalInt.of(26), getroute.doHandler().orElseThrow().request().orElseThrow().value());
        assertEquals(OptionalInt.of(24), getroute.doHandler().orElseThrow().reply().orElseThrow().value());
        assertEquals(Optional.of("rtmsg"), getroute.fixedHeader());
        YnlAttributeSet routeAttrs = set(route, "route-attrs");
        assertValue(routeAttrs, "dst", 1);
        assertValue(routeAttrs, "oif", 4);
        assertValue(routeAttrs, "table", 15);
        assertValue(routeAttrs, "nh-id", 30);

        YnlSpec addr = YnlSpec.bundled("rt-addr");
        assertEquals(YnlProtocol.NETLINK_RAW, addr.protocol());
        assertEquals(OptionalInt.of(0), addr.protonum());
        assertOp(addr, "newaddr", 20, null);
        assertOp(addr, "deladdr", 21, null);
        assertOp(addr, "getaddr", 22, 20);
        assertEquals(OptionalInt.of(5), addr.mcastGroup("rtnlgrp-ipv4-ifaddr").orElseThrow().value());
        assertEquals(OptionalInt.of(9), addr.mcastGroup("rtnlgrp-ipv6-ifaddr").orElseThrow().value());
        YnlAttributeSet addrAttrs = set(addr, "addr-attrs");
        assertValue(addrAttrs, "address", 1);
        assertValue(addrAttrs, "label", 3);
        assertValue(addrAttrs, "flags", 8);
        assertValue(addrAttrs, "proto", 11);
    }

    @Test
    void ethtoolHeaderNestAndDirectionalIds() {
        // ethtool_netlink.h: ETHTOOL_A_HEADER_*, ETHTOOL_MSG_* (user and kernel enums)
        YnlSpec spec = YnlSpec.bundled("ethtool");
        assertEquals(YnlProtocol.GENETLINK_LEGACY, spec.protocol());
        YnlAttributeSet header = set(spec, "header");
        assertValue(header, "dev-index", 1);
        assertValue(header, "dev-name", 2);
        assertValue(header, "flags", 3);
        assertValue(header, "phy-index", 4);
        YnlAttribute linkinfoHeader = attr(set(spec, "linkinfo"), "header");
        assertEquals(YnlType.NEST, linkinfoHeader.type());
        assertEquals(Optional.of("header"), linkinfoHeader.nestedAttributes());
        assertEquals(1, linkinfoHeader.value());

        assertEquals(YnlEnumModel.DIRECTIONAL, spec.operations().enumModel());
        assertOp(spec, "strset-get", 1, 1);
        assertOp(spec, "linkinfo-get", 2, 2);
        assertOp(spec, "linkinfo-set", 3, null);
        assertOp(spec, "linkinfo-ntf", null, 3);
        assertOp(spec, "features-set", 12, 12);
        assertOp(spec, "cable-test-act", 26, null);
        assertOp(spec, "cable-test-ntf", null, 27);
        assertOp(spec, "mm-ntf", null, 43);
        assertOp(spec, "module-fw-flash-ntf", null, 44);
        assertOp(spec, "phy-get", 45, 45);
    }

    @Test
    void devlinkEnums() {
        // devlink.h: enum devlink_port_flavour, devlink_port_type, DEVLINK_CMD_*, DEVLINK_ATTR_*
        YnlSpec spec = YnlSpec.bundled("devlink");
        assertTrue(spec.definitions().stream().filter(YnlEnum.class::isInstance).count() > 15);
        YnlEnum flavour = spec.enumeration("port-flavour").orElseThrow();
        assertEquals(0, flavour.entry("physical").orElseThrow().value());
        assertEquals(4, flavour.entry("pci_vf").orElseThrow().value());
        assertEquals(7, flavour.entry("pci_sf").orElseThrow().value());
        YnlEnum portType = spec.enumeration("port-type").orElseThrow();
        assertEquals(2, portType.entry("eth").orElseThrow().value());
        assertOp(spec, "get", 1, 3); // answered with DEVLINK_CMD_NEW
        assertOp(spec, "port-get", 5, 7); // answered with DEVLINK_CMD_PORT_NEW
        YnlAttributeSet devlink = set(spec, "devlink");
        assertValue(devlink, "bus-name", 1);
        assertValue(devlink, "dev-name", 2);
        assertValue(devlink, "port-index", 3);
        assertValue(devlink, "port-flavour", 77);
        YnlAttribute performed = attr(devlink, "reload-actions-performed");
        assertEquals(154, performed.value());
        assertEquals(YnlType.BITFIELD32, performed.type());
        assertTrue(performed.enumAsFlags());
        YnlEnum action = spec.enumeration(performed.enumType().orElseThrow()).orElseThrow();
        assertFalse(action.flags());
        assertEquals(2, action.entry("fw-activate").orElseThrow().value());
        assertEquals(4, action.entry("fw-activate").orElseThrow().userValue(true));
    }

    @Test
    void subsetOfResolvesToTheFullSet() {
        YnlSpec spec = YnlSpec.bundled("devlink");
        YnlAttributeSet subset = spec.attributeSets().stream()
                .filter(s -> s.subsetOf().equals(Optional.of("devlink"))).findFirst().orElseThrow();
        YnlAttributeSet full = set(spec, "devlink");
        for (YnlAttribute attribute : subset.attributes()) {
            YnlAttribute real = attr(full, attribute.name());
            assertEquals(real.value(), attribute.value(), attribute.name());
            assertEquals(real.type(), attribute.type(), attribute.name());
        }
        assertFalse(subset.attributes().isEmpty());
    }

    @Test
    void enumAsFlags() {
        YnlSpec spec = YnlSpec.bundled("psp");
        YnlAttribute cap = attr(set(spec, "dev"), "psp-versions-cap");
        assertTrue(cap.enumAsFlags());
        YnlEnum version = spec.enumeration(cap.enumType().orElseThrow()).orElseThrow();
        assertFalse(version.flags());
        assertEquals(1, version.entry("hdr0-aes-gcm-256").orElseThrow().value());
        assertEquals(2, version.entry("hdr0-aes-gcm-256").orElseThrow().userValue(cap.enumAsFlags()));
    }

    @Test
    void structMemberByteOrder() {
        // openvswitch.h: struct ovs_key_ipv4 { __be32 ipv4_src; __be32 ipv4_dst; __u8 ...; }, OVS_KEY_ATTR_IPV4 7
        YnlSpec ovs = YnlSpec.bundled("ovs_flow");
        YnlStruct ipv4 = ovs.struct("ovs-key-ipv4").orElseThrow();
        YnlStructMember src = ipv4.members().get(0);
        assertEquals("ipv4-src", src.name());
        assertEquals(YnlType.U32, src.type());
        assertEquals(Optional.of(ByteOrder.BIG_ENDIAN), src.byteOrder());
        assertEquals(Optional.of("ipv4"), src.displayHint());
        YnlAttribute key = attr(set(ovs, "key-attrs"), "ipv4");
        assertEquals(7, key.value());
        assertEquals(Optional.of("ovs-key-ipv4"), key.struct());

        YnlSpec spec = YnlSpec.bundled("rt-rule");
        YnlAttribute flowlabel = attr(set(spec, "fib-rule-attrs"), "flowlabel");
        assertEquals(Optional.of(ByteOrder.BIG_ENDIAN), flowlabel.byteOrder());
        YnlStruct hdr = spec.struct("fib-rule-hdr").orElseThrow();
        assertEquals(YnlType.PAD, hdr.member("res1").orElseThrow().type());
        assertEquals(Optional.of("fr-act"), hdr.member("action").orElseThrow().enumType());
    }

    @Test
    void newerRtNeigh() {
        // neighbour.h: NDA_DST 1, NDA_LLADDR 2, NDA_FLAGS_EXT 15; RTM_NEWNEIGH 28, RTM_GETNEIGH 30, RTNLGRP_NEIGH 3
        YnlSpec spec = YnlSpec.bundled("rt-neigh");
        assertEquals(OptionalInt.of(0), spec.protonum());
        YnlAttributeSet attrs = set(spec, "neighbour-attrs");
        assertValue(attrs, "unspec", 0);
        assertValue(attrs, "dst", 1);
        assertValue(attrs, "lladdr", 2);
        assertValue(attrs, "flags-ext", 15);
        assertOp(spec, "getneigh", 30, 28);
        assertOp(spec, "newneigh-ntf", null, 28);
        assertEquals(Optional.of("neighbour-attrs"),
                spec.operations().operation("newneigh-ntf").orElseThrow().attributeSet());
        assertEquals(128, spec.enumeration("nud-state").orElseThrow().entry("permanent").orElseThrow()
                .userValue(false));
        assertEquals(OptionalInt.of(3), spec.mcastGroup("rtnlgrp-neigh").orElseThrow().value());
    }

    private static YnlAttributeSet set(YnlSpec spec, String name) {
        return spec.attributeSet(name).orElseThrow(() -> new AssertionError(spec.name() + " has no set " + name));
    }

    private static YnlAttribute attr(YnlAttributeSet set, String name) {
        return set.attribute(name).orElseThrow(() -> new AssertionError(set.name() + " has no attribute " + name));
    }

    private static void assertValue(YnlAttributeSet set, String name, int value) {
        assertEquals(value, attr(set, name).value(), set.name() + "." + name);
    }

    private static void assertOp(YnlSpec spec, String name, Integer request, Integer reply) {
        YnlOperation op = spec.operations().operation(name)
                .orElseThrow(() -> new AssertionError(spec.name() + " has no operation " + name));
        assertEquals(request == null ? OptionalInt.empty() : OptionalInt.of(request), op.requestValue(),
                spec.name() + " " + name + " request");
        assertEquals(reply == null ? OptionalInt.empty() : OptionalInt.of(reply), op.replyValue(),
                spec.name() + " " + name + " reply");
    }
}
