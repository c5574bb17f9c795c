/**
 * Generic netlink on the core fake kernel: {@link dev.netlink.genl.testkit.FakeGenlController} plays nlctrl
 * ({@code GENL_ID_CTRL}) for the families a test declares, so that family sockets and the controller can be
 * tested on an {@code EmbeddedChannel} without root.
 */
package dev.netlink.genl.testkit;
