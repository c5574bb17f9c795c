/**
 * {@code AF_NETLINK} sockets as a Netty transport: {@link dev.netlink.transport.NetlinkChannel} over
 * {@code socket(AF_NETLINK, SOCK_RAW, protocol)}, registered on Netty 4.2's epoll event loop, with its
 * {@code SOL_NETLINK} options ({@link dev.netlink.transport.NetlinkChannelOption}), multicast group membership,
 * and sockets created in other network namespaces ({@code setns(CLONE_NEWNET)}).
 *
 * <p>The libc calls are made through {@code java.lang.foreign} from one package-private class; there is no native
 * code of ours. Applications must run with {@code --enable-native-access=ALL-UNNAMED} (or the module name).
 */
package dev.netlink.transport;
