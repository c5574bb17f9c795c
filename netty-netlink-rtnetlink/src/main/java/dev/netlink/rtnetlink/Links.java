package dev.netlink.rtnetlink;

import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.attr.AttributeWriter;
import dev.netlink.codec.attr.MacAddress;
import dev.netlink.family.rtlink.IfinfoFlags;
import dev.netlink.family.rtlink.LinkAttrs;
import dev.netlink.family.rtlink.LinkMessage;
import dev.netlink.family.rtlink.LinkinfoBondAttrs;
import dev.netlink.family.rtlink.LinkinfoDataMsg;
import dev.netlink.family.rtlink.LinkinfoVlanAttrs;
import dev.netlink.family.rtlink.LinkinfoVrfAttrs;
import dev.netlink.family.rtlink.RtLink;
import dev.netlink.transport.NamespaceFd;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.Future;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@code ip link}: the links of one network namespace, listed, read, made, changed, moved and deleted through the
 * generated rt-link family. Making a link is one {@code RTM_NEWLINK} with {@code NLM_F_CREATE | NLM_F_EXCL}, its
 * kind's data, MTU, MAC, master and {@code IFF_UP} included, so the kernel makes it whole or not at all (a veth
 * whose peer name is taken leaves nothing). Names of other links ({@code master}, a vlan's parent) are resolved
 * first; a name that does not exist fails the call before anything is made. Thread-safe.
 */
public final class Links {
    /** {@code VETH_INFO_PEER} of {@code linux/veth.h}. */
    static final int VETH_INFO_PEER = 1;
    /** {@code IFLA_MACVLAN_MODE} of {@code linux/if_link.h}. */
    static final int IFLA_MACVLAN_MODE = 1;
    /** {@code IFLA_VXLAN_*} of {@code linux/if_link.h}. */
    static final int IFLA_VXLAN_ID = 1;
    static final int IFLA_VXLAN_GROUP = 2;
    static final int IFLA_VXLAN_LINK = 3;
    static final int IFLA_VXLAN_LOCAL = 4;
    static final int IFLA_VXLAN_PORT = 15;
    static final int IFLA_VXLAN_GROUP6 = 16;
    static final int IFLA_VXLAN_LOCAL6 = 17;

    private final RtLink rt;

    Links(RtLink rt) {
        this.rt = rt;
    }

    /** Every link, as {@code ip link show}. */
    public Future<List<Link>> list() {
        return Futures.map(rt.getlinkDump(), l -> l.stream().map(Link::of).toList());
    }

    /** The link called {@code name}; fails with {@code ENODEV} when there is none. */
    public Future<Link> get(String name) {
        LinkSpec.checkName(name);
        return Futures.map(rt.getlink(LinkMessage.builder().attributes(a -> a.ifname(name)).build()), Link::of);
    }

    /** The link of index {@code index}; fails with {@code ENODEV} when there is none. */
    public Future<Link> get(int index) {
        return Futures.map(rt.getlink(LinkMessage.builder().header(h -> h.ifiIndex(index)).build()), Link::of);
    }

    /**
     * Makes the link {@code spec} describes. Fails with {@code EEXIST} when a link of its name (or its veth peer's)
     * exists, naming nothing made.
     */
    public Future<Void> add(LinkSpec spec) {
        return Futures.then(indexes(spec.references()), idx -> {
            List<NamespaceFd> open = new ArrayList<>();
            LinkMessage m;
            try {
                m = message(spec, idx, open);
            } catch (RuntimeException e) {
                closeAll(open);
                throw e;
            }
            Future<Void> done = rt.newlink(m, NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_EXCL);
            done.addListener(f -> closeAll(open));
            return done;
        });
    }

    /** Changes link {@code name} as {@code change} says, in one {@code RTM_SETLINK}. */
    public Future<Void> set(String name, Consumer<LinkChange> change) {
        LinkChange c = new LinkChange();
        change.accept(c);
        List<String> refs = c.master == null || c.master.isEmpty() ? List.of(name) : List.of(name, c.master);
        return Futures.then(indexes(refs), idx -> {
            List<NamespaceFd> open = new ArrayList<>();
            LinkMessage m;
            try {
                m = c.message(idx.get(name), c.master == null ? null : c.master.isEmpty() ? 0 : idx.get(c.master),
                        open);
            } catch (RuntimeException e) {
                closeAll(open);
                throw e;
            }
            Future<Void> done = rt.setlink(m);
            done.addListener(f -> closeAll(open));
            return done;
        });
    }

    /** Brings link {@code name} up ({@code ip link set NAME up}). */
    public Future<Void> up(String name) {
        return set(name, LinkChange::up);
    }

    /** Moves link {@code name} to network namespace {@code netns} ({@code ip link set NAME netns NS}). */
    public Future<Void> moveTo(String name, Path netns) {
        return set(name, c -> c.netns(netns));
    }

    /** Deletes link {@code name} (a veth's peer goes with it); fails with {@code ENODEV} when there is none. */
    public Future<Void> delete(String name) {
        LinkSpec.checkName(name);
        return rt.dellink(LinkMessage.builder().attributes(a -> a.ifname(name)).build());
    }

    /** The index of each of {@code names}, from one dump; fails naming the first that does not exist. */
    Future<Map<String, Integer>> indexes(List<String> names) {
        if (names.isEmpty()) {
            return io.netty.util.concurrent.ImmediateEventExecutor.INSTANCE.newSucceededFuture(Map.of());
        }
        return Futures.map(rt.getlinkDump(), links -> {
            Map<String, Integer> all = new HashMap<>();
            links.forEach(l -> all.put(l.attributes().ifname(), l.header().ifiIndex()));
            Map<String, Integer> found = new HashMap<>();
            for (String n : names) {
                Integer i = all.get(n);
                if (i == null) {
                    throw new IllegalArgumentException("no link \"" + n + "\" in this namespace; it has "
                            + all.keySet());
                }
                found.put(n, i);
            }
            return found;
        });
    }

    static LinkMessage message(LinkSpec s, Map<String, Integer> idx, List<NamespaceFd> open) {
        LinkinfoDataMsg data = data(s, idx, open);
        return LinkMessage.builder().header(h -> {
            if (s.up) {
                h.ifiFlags(IfinfoFlags.UP).ifiChange((int) IfinfoFlags.UP.value());
            }
        }).attributes(a -> {
            a.ifname(s.name);
            if (s.mtu != null) {
                a.mtu(s.mtu);
            }
            if (s.address != null) {
                a.address(s.address);
            }
            if (s.txqlen != null) {
                a.txqlen(s.txqlen);
            }
            if (s.master != null) {
                a.master(idx.get(s.master));
            }
            if (s.parent != null && !s.kind.equals("vxlan")) {
                a.link(idx.get(s.parent));
            }
            if (s.netns != null) {
                a.netNsFd(fd(s.netns, open));
            }
            a.linkinfo(li -> {
                li.kind(s.kind);
                if (data != null) {
                    li.data(data);
                }
            });
        }).build();
    }

    private static LinkinfoDataMsg data(LinkSpec s, Map<String, Integer> idx, List<NamespaceFd> open) {
        return switch (s.kind) {
            case "veth" -> new LinkinfoDataMsg.Unknown("veth", attributes(w -> {
                int start = w.startNested(VETH_INFO_PEER);
                LinkMessage.builder().attributes(a -> {
                    a.ifname(s.peer);
                    if (s.peerNetns != null) {
                        a.netNsFd(fd(s.peerNetns, open));
                    }
                }).build().encode(w.buffer());
                w.endNested(start);
            }));
            case "macvlan", "macvtap" -> new LinkinfoDataMsg.Unknown(s.kind,
                    attributes(w -> w.putU32(IFLA_MACVLAN_MODE, s.macvlanMode.value)));
            case "vxlan" -> new LinkinfoDataMsg.Unknown("vxlan", attributes(w -> {
                w.putU32(IFLA_VXLAN_ID, s.vni);
                if (s.group != null) {
                    w.putBinary(s.group instanceof Inet4Address ? IFLA_VXLAN_GROUP : IFLA_VXLAN_GROUP6,
                            s.group.getAddress());
                }
                if (s.parent != null) {
                    w.putU32(IFLA_VXLAN_LINK, idx.get(s.parent));
                }
                if (s.local != null) {
                    w.putBinary(s.local instanceof Inet4Address ? IFLA_VXLAN_LOCAL : IFLA_VXLAN_LOCAL6,
                            s.local.getAddress());
                }
                if (s.port != null) {
                    w.putBigEndian16(IFLA_VXLAN_PORT, s.port);
                }
            }));
            case "vlan" -> new LinkinfoDataMsg.Vlan(LinkinfoVlanAttrs.builder().id(s.vlanId).build());
            case "bond" -> new LinkinfoDataMsg.Bond(LinkinfoBondAttrs.builder().mode(s.bondMode).build());
            case "vrf" -> s.vrfTable == null ? null
                    : new LinkinfoDataMsg.Vrf(LinkinfoVrfAttrs.builder().table(s.vrfTable).build());
            default -> null;
        };
    }

    /** The bytes {@code write} writes, for a format the spec does not describe. */
    static byte[] attributes(Consumer<AttributeWriter> write) {
        ByteBuf b = Unpooled.buffer();
        try {
            write.accept(new AttributeWriter(b));
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }

    static int fd(Path netns, List<NamespaceFd> open) {
        try {
            NamespaceFd fd = NamespaceFd.open(netns);
            open.add(fd);
            return fd.fd();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open network namespace " + netns + ": " + e.getMessage(), e);
        }
    }

    static void closeAll(List<NamespaceFd> open) {
        for (NamespaceFd fd : open) {
            try {
                fd.close();
            } catch (IOException e) {
                // the request is over: nothing holds the descriptor
            }
        }
    }

    /**
     * What {@link #set} changes: each setter adds one thing to the one {@code RTM_SETLINK}. Not thread-safe.
     */
    public static final class LinkChange {
        private Boolean up;
        private Integer mtu;
        private String name;
        private MacAddress address;
        private String master;
        private Path netns;

        LinkChange() {
        }

        /** {@code up}: sets {@code IFF_UP}. */
        public LinkChange up() {
            this.up = true;
            return this;
        }

        /** {@code down}: clears {@code IFF_UP}. */
        public LinkChange down() {
            this.up = false;
            return this;
        }

        /** {@code mtu N}. */
        public LinkChange mtu(int mtu) {
            this.mtu = mtu;
            return this;
        }

        /** {@code name NEW}: renames the link (it must be down). */
        public LinkChange name(String name) {
            this.name = LinkSpec.checkName(name);
            return this;
        }

        /** {@code address MAC}. */
        public LinkChange address(MacAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /** {@code master BRIDGE}: enslaves the link. */
        public LinkChange master(String master) {
            this.master = LinkSpec.checkName(master);
            return this;
        }

        /** {@code nomaster}: frees the link from its bridge or bond. */
        public LinkChange noMaster() {
            this.master = "";
            return this;
        }

        /** {@code netns NS}: moves the link to network namespace {@code netns}. */
        public LinkChange netns(Path netns) {
            this.netns = Objects.requireNonNull(netns, "netns");
            return this;
        }

        LinkMessage message(int index, Integer masterIndex, List<NamespaceFd> open) {
            Integer fd = netns == null ? null : fd(netns, open);
            return LinkMessage.builder().header(h -> {
                h.ifiIndex(index);
                if (up != null) {
                    h.ifiFlags(up ? IfinfoFlags.flags(IfinfoFlags.UP.value()) : IfinfoFlags.flags(0))
                            .ifiChange((int) IfinfoFlags.UP.value());
                }
            }).attributes((LinkAttrs.Builder a) -> {
                if (mtu != null) {
                    a.mtu(mtu);
                }
                if (name != null) {
                    a.ifname(name);
                }
                if (address != null) {
                    a.address(address);
                }
                if (masterIndex != null) {
                    a.master(masterIndex);
                }
                if (fd != null) {
                    a.netNsFd(fd);
                }
            }).build();
        }
    }
}
