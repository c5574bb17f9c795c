package dev.netlink.ynl;

import dev.netlink.client.NetlinkSocket;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import io.netty.util.concurrent.Future;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A netlink family spoken by its YNL spec ({@code Documentation/netlink/specs/<family>.yaml}): its operations
 * called by name with maps keyed by the spec's attribute names, its replies and notifications decoded into such
 * maps. Made by {@link Ynl#connect(String)}, for generic netlink families ({@code genetlink}, {@code genetlink-c},
 * {@code genetlink-legacy}) and netlink-raw ones ({@code rt-link}, {@code rt-addr}, {@code rt-route}: each
 * operation's message type, its fixed header struct's members in the same map as the attributes, groups by their
 * {@code value}) behind the same interface; a netlink-raw {@code do} of a {@code new*} operation asks
 * {@code NLM_F_CREATE | NLM_F_EXCL}. nftables' changes ({@code new*}, {@code del*}, {@code destroy*}) go inside
 * nfnetlink's batch begin and end, framed by the family, in one datagram; its gets may be dumped though its spec
 * lists only their do.
 *
 * <p>A request is encoded with the operation's attribute set and checked against its {@code request} list before
 * anything is sent: an unknown operation or attribute, or one the request does not take, fails the future with
 * {@link IllegalArgumentException} naming the operation and the attribute and listing what is allowed; so does a
 * value of the wrong Java type, outside its type's range ({@code 300} for a {@code u8}), breaking the spec's
 * {@code checks} ({@code min}, {@code max}, {@code min-len}, {@code max-len}, {@code exact-len},
 * {@code flags-mask}, a NUL inside a string that is not {@code unterminated-ok}), or a display-hinted value of no form
 * its hint takes ({@code "10.1.0.x"}). The kernel's refusal fails it with
 * {@link dev.netlink.codec.NetlinkException}, whose attribute path uses the spec's names ({@code header.dev-name}).
 * Whatever the spec does not know is kept, never an error: an attribute by its decimal number ({@code "42"}) with its
 * bytes, an enum value as its number, a flag bit as {@code "0x..."}, a command's attributes all by number.
 *
 * <p>The Java values in the maps, both ways:
 * <table>
 * <caption>YNL types as Java values</caption>
 * <tr><th>YNL</th><th>Java</th></tr>
 * <tr><td>{@code u8}, {@code u16}, {@code s8}, {@code s16}, {@code s32}</td><td>{@code Integer} (any integral
 *     {@code Number} when sending)</td></tr>
 * <tr><td>{@code u32}, {@code u64}, {@code s64}, {@code uint}, {@code sint}</td><td>{@code Long} (a u64 above
 *     {@code Long.MAX_VALUE} negative)</td></tr>
 * <tr><td>with an {@code enum} definition</td><td>the entry's name ({@code String}), or the number</td></tr>
 * <tr><td>with a {@code flags} definition, or {@code enum-as-flags}</td><td>{@code Set<String>} of bit
 *     names</td></tr>
 * <tr><td>{@code string}</td><td>{@code String}</td></tr>
 * <tr><td>{@code binary}, and with {@code display-hint: hex} or {@code fddi}</td><td>{@code byte[]}</td></tr>
 * <tr><td>{@code display-hint: mac} (an attribute or a struct member)</td><td>{@link
 *     dev.netlink.codec.attr.MacAddress} (sending: also its text, {@code "02:00:00:00:00:01"}, or bytes)</td></tr>
 * <tr><td>{@code display-hint: ipv4}, {@code ipv6}, {@code ipv4-or-v6}: a {@code binary} of 4 or 16 bytes, a
 *     {@code u32} with {@code byte-order: big-endian}</td><td>{@link java.net.InetAddress} ({@code Inet4Address} or
 *     {@code Inet6Address} by the length, whatever the hint; sending: also its text, {@code "10.1.0.1"}, or the
 *     bytes or integer)</td></tr>
 * <tr><td>{@code display-hint: uuid}</td><td>{@link java.util.UUID} (sending: also its text, or bytes)</td></tr>
 * <tr><td>{@code binary} with {@code struct}, and the {@code fixed-header}</td><td>{@code Map<String, Object>}
 *     of members (the fixed header's members sit in the message's own map)</td></tr>
 * <tr><td>{@code flag}</td><td>{@code Boolean.TRUE} when present</td></tr>
 * <tr><td>{@code bitfield32}</td><td>{@link dev.netlink.codec.attr.Bitfield32}</td></tr>
 * <tr><td>{@code nest}</td><td>{@code Map<String, Object>} of the nested set</td></tr>
 * <tr><td>{@code multi-attr}, {@code indexed-array}</td><td>{@code List} of the element values</td></tr>
 * <tr><td>{@code nest-type-value}</td><td>{@code Map<Integer, ...>} per level</td></tr>
 * <tr><td>{@code sub-message}</td><td>{@code Map<String, Object>} of the format its selector picks (fixed
 *     header members and attributes), wherever it sits (in nests, lists, indexed arrays, other sub-messages; the
 *     selector from the innermost enclosing set that has it); {@code byte[]} when the selector names no format of
 *     the spec</td></tr>
 * </table>
 *
 * <p>Every method may be called from any thread; futures complete, and consumers and listeners are called, on the
 * channel's event loop (they must not block). Nothing returned holds a buffer.
 */
public interface YnlFamily extends AutoCloseable {
    /** The spec this family is spoken by. */
    YnlSpec spec();

    /**
     * The {@code do} of operation {@code op} with {@code attrs}: completes with the reply's fixed header members and
     * attributes, or an empty map when the kernel only acknowledges (an operation without a reply). A do has one
     * reply at most; more fail the future ({@link IllegalStateException}) rather than drop one.
     */
    default Future<Map<String, Object>> request(String op, Map<String, ?> attrs) {
        return request(op, attrs, 0);
    }

    /**
     * The {@code do} of operation {@code op} with {@code attrs} and request flags {@code flags}: any of
     * {@link NetlinkFlags#NLM_F_REPLACE}, {@link NetlinkFlags#NLM_F_EXCL}, {@link NetlinkFlags#NLM_F_CREATE},
     * {@link NetlinkFlags#NLM_F_APPEND} (how a {@code new*} request treats an existing object) and
     * {@link NetlinkFlags#NLM_F_ECHO} (the kernel sends the object it made or changed back, and the future completes
     * with it), or'ed together; {@code NLM_F_REQUEST} and {@code NLM_F_ACK} are always set. A netlink-raw
     * {@code new*} operation given none of the first four keeps its {@code NLM_F_CREATE | NLM_F_EXCL}, so
     * {@code request("newaddr", attrs, NLM_F_ECHO)} adds an address and answers with it. Other bits fail the future
     * with {@link IllegalArgumentException}.
     */
    Future<Map<String, Object>> request(String op, Map<String, ?> attrs, int flags);

    /** The {@code dump} of operation {@code op} with {@code attrs}: every part, in order, once the dump ends. */
    Future<List<Map<String, Object>>> dump(String op, Map<String, ?> attrs);

    /**
     * The {@code dump} of operation {@code op}, each part handed to {@code consumer} as it arrives, so memory does
     * not grow with the dump; completes when the dump ends.
     */
    Future<Void> dump(String op, Map<String, ?> attrs, Consumer<? super Map<String, Object>> consumer);

    /**
     * Joins multicast group {@code group} (by the kernel's name, {@code mgmt}, or a netlink-raw spec's,
     * {@code rtnlgrp-link}) and hands each of its notifications to
     * {@code listener} (replacing an earlier listener of the group). Fails with {@link IllegalArgumentException}
     * listing the family's groups when it has no such group.
     */
    Future<Void> subscribe(String group, Consumer<? super YnlNotification> listener);

    /** Leaves multicast group {@code group} and forgets its listener. */
    Future<Void> unsubscribe(String group);

    /**
     * The netlink socket the family speaks on (for generic netlink, the one its nlctrl controller shares), for a
     * reader that must take the family's notifications and its dump parts in the order the socket read them, as a
     * mirror of kernel state does: join with {@link #groupId}, read with {@link #notification}. A handler that takes
     * the notifications before the socket's notification queue takes them from the {@link #subscribe} listeners.
     * Closing the socket ends the family.
     */
    NetlinkSocket socket();

    /**
     * The number of multicast group {@code group} (by the kernel's name, {@code mgmt}, or a netlink-raw spec's,
     * {@code rtnlgrp-link}), as {@link NetlinkSocket#addMembership(int)} takes it and as a notification's
     * {@link NetlinkMessage#group()} carries it: nlctrl's id for a generic netlink family, the spec's {@code value}
     * for a netlink-raw one.
     *
     * @throws IllegalArgumentException listing the family's groups when it has no such group
     */
    int groupId(String group);

    /**
     * {@code message}, read from the family's socket and answering no request, decoded as {@link #subscribe}
     * listeners are told it; empty when it is not this family's (another generic netlink family's, on a shared
     * socket). {@code message} stays the caller's to release; the result holds no buffer. Any thread.
     *
     * @throws dev.netlink.codec.MalformedNetlinkException when the message is the family's but too short for its
     *                                                     headers
     */
    Optional<YnlNotification> notification(NetlinkMessage message);

    /** Closes the family: its socket, when {@link Ynl#connect} opened it; only its routing on a shared one. */
    @Override
    void close();
}
