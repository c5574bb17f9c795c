/**
 * A core test kit for netlink handlers without root and without a kernel, for any netlink protocol:
 * {@link dev.netlink.testkit.FakeKernel} answers requests at the socket end of an {@code EmbeddedChannel} with the
 * kernel's habits (multipart dumps, ACKs, errors with extended ack, {@code NLM_F_DUMP_INTR}, notifications,
 * overruns, datagrams up to ~32 KiB), {@link dev.netlink.testkit.RequestAssert} checks requests, and
 * {@link dev.netlink.testkit.NetlinkRecorder} and {@link dev.netlink.testkit.ReplayKernel} record a real
 * conversation and play it back. It knows nothing of generic netlink: the fake nlctrl is in
 * {@code netty-genl-testkit} ({@code dev.netlink.genl.testkit}), built on this one.
 */
package dev.netlink.testkit;
