package dev.netlink.watch;

import dev.netlink.rtnetlink.IpPrefix;
import dev.netlink.rtnetlink.Link;
import dev.netlink.rtnetlink.Route;
import dev.netlink.testing.TestNetns;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** What {@code ip -j} shows, and a watch's snapshot, in one comparable form. */
final class IpJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Integer> TABLES = Map.of("main", 254, "local", 255, "default", 253);
    private static final Map<String, Integer> TYPES = Map.of("unicast", 1, "local", 2, "broadcast", 3,
            "anycast", 4, "multicast", 5, "blackhole", 6, "unreachable", 7, "prohibit", 8, "throw", 9, "nat", 10);

    private IpJson() {
    }

    /** {@code ip -j link show}: index to {@code name/mtu/master}. */
    static Map<Integer, String> links(TestNetns ns) {
        return links(ns.ipJson("link", "show"));
    }

    /** What {@code ip -j link show} printed, as {@link #links(TestNetns)}. */
    static Map<Integer, String> links(String json) {
        Map<Integer, String> m = new TreeMap<>();
        Map<String, Integer> byName = new TreeMap<>();
        JsonNode all = JSON.readTree(json);
        for (JsonNode l : all) {
            byName.put(l.get("ifname").asString(), l.get("ifindex").asInt());
        }
        for (JsonNode l : all) {
            String master = l.has("master") ? String.valueOf(byName.get(l.get("master").asString())) : "-";
            m.put(l.get("ifindex").asInt(), l.get("ifname").asString() + '/' + l.get("mtu").asInt() + '/' + master);
        }
        return m;
    }

    /** The index of link {@code name}. */
    static int index(TestNetns ns, String name) {
        return links(ns).entrySet().stream().filter(e -> e.getValue().startsWith(name + '/')).findFirst()
                .orElseThrow(() -> new AssertionError("no link " + name)).getKey();
    }

    /** Makes the veth pair {@code v0}, {@code v1}, both up; returns the index of {@code v0}. */
    static int vethPairUp(TestNetns ns) {
        ns.ip("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        ns.ip("link", "set", "v0", "up");
        ns.ip("link", "set", "v1", "up");
        return index(ns, "v0");
    }

    /** A link watch's snapshot in the form of {@link #links(TestNetns)}. */
    static Map<Integer, String> links(Map<Integer, Link> snapshot) {
        Map<Integer, String> m = new TreeMap<>();
        snapshot.forEach((i, l) -> m.put(i, l.name() + '/' + l.mtu() + '/'
                + (l.master().isPresent() ? String.valueOf(l.master().getAsInt()) : "-")));
        return m;
    }

    /** {@code ip -j route show table all}: {@code table type dst metric dev gateway}, one string a route. */
    static Set<String> routes(TestNetns ns) {
        Map<String, Integer> index = new TreeMap<>();
        links(ns).forEach((i, l) -> index.put(l.substring(0, l.indexOf('/')), i));
        Set<String> s = new TreeSet<>();
        for (JsonNode r : JSON.readTree(ns.ipJson("route", "show", "table", "all"))) {
            String t = r.has("table") ? r.get("table").asString() : "main";
            int table = TABLES.containsKey(t) ? TABLES.get(t) : Integer.parseInt(t);
            int type = TYPES.get(r.has("type") ? r.get("type").asString() : "unicast");
            String d = r.get("dst").asString();
            String dst = d.equals("default") ? "default" : IpPrefix.parse(d).toString();
            int dev = r.has("dev") ? index.get(r.get("dev").asString()) : 0;
            String via = r.has("gateway") ? IpPrefix.parse(r.get("gateway").asString()).address().getHostAddress()
                    : "-";
            s.add(route(table, type, dst, r.has("metric") ? r.get("metric").asInt() : 0, dev, via));
        }
        return s;
    }

    /** A route watch's snapshot in the form of {@link #routes(TestNetns)}. */
    static Set<String> routes(Collection<Route> snapshot) {
        Set<String> s = new TreeSet<>();
        for (Route r : snapshot) {
            s.add(route(r.table(), (int) r.type().value(), r.dst() == null ? "default" : r.dst().toString(),
                    r.priority(), r.oif(), r.gateway() == null ? "-" : r.gateway().getHostAddress()));
        }
        return s;
    }

    private static String route(int table, int type, String dst, int metric, int dev, String via) {
        return table + " " + type + " " + dst + " " + metric + " dev " + dev + " via " + via;
    }
}
