package dev.netlink.rtnetlink;

import dev.netlink.codec.attr.MacAddress;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A link to create, as {@code ip link add NAME type KIND ...} says it: a kind with its own settings (a veth's
 * peer, a vlan's id, a vxlan's VNI), and what every link may have at birth (MTU, MAC, up, master, namespace). All
 * of it goes to the kernel in one {@code RTM_NEWLINK}, which makes the link whole or not at all. Names are checked
 * before anything is sent (at most {@code IFNAMSIZ - 1} = 15 bytes, no {@code /}, {@code :} or white space). Not
 * thread-safe while being built.
 */
public final class LinkSpec {
    /** {@code IFNAMSIZ - 1}: the longest interface name. */
    public static final int MAX_NAME = 15;

    /** The kinds {@link #of} takes besides the spec's formats: those whose data this library writes itself. */
    private static final Set<String> OWN_KINDS = Set.of("veth", "bridge", "ifb", "dummy", "macvlan", "macvtap",
            "vxlan", "vlan", "bond", "vrf");

    /** {@code enum macvlan_mode} of {@code linux/if_link.h}: the bit each mode is. */
    public enum MacvlanMode {
        /** {@code MACVLAN_MODE_PRIVATE}. */
        PRIVATE(1),
        /** {@code MACVLAN_MODE_VEPA}. */
        VEPA(2),
        /** {@code MACVLAN_MODE_BRIDGE}. */
        BRIDGE(4),
        /** {@code MACVLAN_MODE_PASSTHRU}. */
        PASSTHRU(8),
        /** {@code MACVLAN_MODE_SOURCE}. */
        SOURCE(16);

        final int value;

        MacvlanMode(int value) {
            this.value = value;
        }
    }

    final String kind;
    final String name;
    Integer mtu;
    MacAddress address;
    boolean up;
    String master;
    Path netns;
    Integer txqlen;
    // kind settings
    String peer;
    Path peerNetns;
    String parent;
    Integer vlanId;
    MacvlanMode macvlanMode;
    Integer vni;
    Integer port;
    InetAddress local;
    InetAddress group;
    Integer bondMode;
    Integer vrfTable;

    private LinkSpec(String kind, String name) {
        this.kind = kind;
        this.name = checkName(name);
    }

    /** A veth pair: {@code name} and its peer {@code peer}, made together. */
    public static LinkSpec veth(String name, String peer) {
        LinkSpec s = new LinkSpec("veth", name);
        s.peer = checkName(peer);
        return s;
    }

    /** A bridge. */
    public static LinkSpec bridge(String name) {
        return new LinkSpec("bridge", name);
    }

    /** An intermediate functional block device (tc's ingress redirection target). */
    public static LinkSpec ifb(String name) {
        return new LinkSpec("ifb", name);
    }

    /** A dummy device (needs the kernel's {@code dummy} driver). */
    public static LinkSpec dummy(String name) {
        return new LinkSpec("dummy", name);
    }

    /** A macvlan on {@code parent} in {@code mode}. */
    public static LinkSpec macvlan(String name, String parent, MacvlanMode mode) {
        LinkSpec s = new LinkSpec("macvlan", name);
        s.parent = checkName(parent);
        s.macvlanMode = Objects.requireNonNull(mode, "mode");
        return s;
    }

    /** A VXLAN of network identifier {@code vni} (0 to 2^24 - 1). */
    public static LinkSpec vxlan(String name, int vni) {
        if (vni < 0 || vni > 0xffffff) {
            throw new IllegalArgumentException("VXLAN id " + vni + " is outside 0..16777215");
        }
        LinkSpec s = new LinkSpec("vxlan", name);
        s.vni = vni;
        return s;
    }

    /** An 802.1Q vlan {@code id} (1 to 4094) on {@code parent}. */
    public static LinkSpec vlan(String name, String parent, int id) {
        if (id < 1 || id > 4094) {
            throw new IllegalArgumentException("vlan id " + id + " is outside 1..4094");
        }
        LinkSpec s = new LinkSpec("vlan", name);
        s.parent = checkName(parent);
        s.vlanId = id;
        return s;
    }

    /** A bond in mode {@code mode} ({@code BOND_MODE_*}: 0 balance-rr, 1 active-backup, 4 802.3ad, ...). */
    public static LinkSpec bond(String name, int mode) {
        if (mode < 0 || mode > 6) {
            throw new IllegalArgumentException("bond mode " + mode + " is outside 0..6");
        }
        LinkSpec s = new LinkSpec("bond", name);
        s.bondMode = mode;
        return s;
    }

    /**
     * A link of {@code kind} without settings of its own: one of those above or a format of the rt-link spec's
     * {@code linkinfo-data-msg} ({@code vrf}, {@code gre}, {@code geneve}, ...); any other kind is refused, listing
     * the known ones.
     */
    public static LinkSpec of(String kind, String name) {
        Set<String> known = knownKinds();
        if (!known.contains(kind)) {
            throw new IllegalArgumentException("unknown link kind \"" + kind + "\"; known: " + known);
        }
        return new LinkSpec(kind, name);
    }

    /** The kinds {@link #of} accepts. */
    public static Set<String> knownKinds() {
        Set<String> known = new TreeSet<>(OWN_KINDS);
        dev.netlink.family.rtlink.RtLink.spec().subMessage("linkinfo-data-msg")
                .ifPresent(m -> m.formats().forEach(f -> known.add(f.value())));
        return known;
    }

    /** Its MTU. */
    public LinkSpec mtu(int mtu) {
        if (mtu < 68 && mtu != 0) {
            throw new IllegalArgumentException("MTU " + mtu + " of " + name + " is below IPv4's 68");
        }
        this.mtu = mtu;
        return this;
    }

    /** Its MAC. */
    public LinkSpec address(MacAddress address) {
        this.address = Objects.requireNonNull(address, "address");
        return this;
    }

    /** Its MAC as {@code ip link} writes it. */
    public LinkSpec address(String address) {
        return address(MacAddress.parse(address));
    }

    /** Brings it up as it is made ({@code IFF_UP}). */
    public LinkSpec up() {
        this.up = true;
        return this;
    }

    /** Enslaves it to bridge or bond {@code master} as it is made. */
    public LinkSpec master(String master) {
        this.master = checkName(master);
        return this;
    }

    /** Its transmit queue length. */
    public LinkSpec txqlen(int txqlen) {
        this.txqlen = txqlen;
        return this;
    }

    /** Makes it in network namespace {@code netns} ({@code /run/netns/NAME}) rather than the socket's. */
    public LinkSpec netns(Path netns) {
        this.netns = Objects.requireNonNull(netns, "netns");
        return this;
    }

    /** A veth's peer goes to network namespace {@code netns}. */
    public LinkSpec peerNetns(Path netns) {
        requireKind("veth", "peerNetns");
        this.peerNetns = Objects.requireNonNull(netns, "netns");
        return this;
    }

    /** A VXLAN's UDP destination port (4789 is IANA's; the kernel's default is 8472). */
    public LinkSpec port(int port) {
        requireKind("vxlan", "port");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
        this.port = port;
        return this;
    }

    /** A VXLAN's source address. */
    public LinkSpec local(InetAddress local) {
        requireKind("vxlan", "local");
        this.local = Objects.requireNonNull(local, "local");
        return this;
    }

    /** A VXLAN's multicast group, or remote for point to point. */
    public LinkSpec group(InetAddress group) {
        requireKind("vxlan", "group");
        this.group = Objects.requireNonNull(group, "group");
        return this;
    }

    /** A VXLAN's underlying device. */
    public LinkSpec device(String device) {
        requireKind("vxlan", "device");
        this.parent = checkName(device);
        return this;
    }

    /** A VRF's routing table. */
    public LinkSpec table(int table) {
        requireKind("vrf", "table");
        this.vrfTable = table;
        return this;
    }

    /** The link's name. */
    public String name() {
        return name;
    }

    /** The kind. */
    public String kind() {
        return kind;
    }

    /** The names of other links this one refers to, to be resolved to indexes before sending. */
    List<String> references() {
        return java.util.stream.Stream.of(master, parent).filter(Objects::nonNull).toList();
    }

    private void requireKind(String k, String setting) {
        if (!kind.equals(k)) {
            throw new IllegalArgumentException(setting + " is a " + k + " setting, not one of a " + kind);
        }
    }

    /** Refuses what the kernel's {@code dev_valid_name} refuses, naming it. */
    static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > MAX_NAME || name.equals(".") || name.equals("..")
                || name.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("not an interface name: \"" + name + "\" (1 to " + MAX_NAME
                    + " bytes, not . or .., no /, : or white space)");
        }
        return name;
    }

    @Override
    public String toString() {
        return "LinkSpec(" + name + " type " + kind + ')';
    }
}
