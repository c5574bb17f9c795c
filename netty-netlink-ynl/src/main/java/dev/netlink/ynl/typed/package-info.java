/**
 * What the typed family clients generated from YNL specs ({@code dev.netlink.family.*}, and a user's own through
 * the generator) are built on: {@link dev.netlink.ynl.typed.FamilySocket}, which frames, checks and sends their
 * requests and hands the received buffers to their decoders; {@link dev.netlink.ynl.typed.EnumValue} and
 * {@link dev.netlink.ynl.typed.FlagSet}, the values of enum and flags definitions that keep what the spec does not
 * name; {@link dev.netlink.ynl.typed.RawAttribute}, an attribute kept by number; {@link dev.netlink.ynl.typed.Hints}
 * and {@link dev.netlink.ynl.typed.Checks}, the display hints and input checks of generated records.
 */
package dev.netlink.ynl.typed;
