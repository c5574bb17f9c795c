/**
 * The kernel's YNL netlink family specs ({@code Documentation/netlink/specs/*.yaml}, schemas
 * {@code genetlink.yaml}, {@code genetlink-c.yaml}, {@code genetlink-legacy.yaml} and {@code netlink-raw.yaml})
 * as data the library owns: the bundled specs ({@link dev.netlink.ynl.YnlSpec#bundled(String)}), the spec
 * model ({@link dev.netlink.ynl.YnlSpec} and the records it is made of) and its loader
 * ({@link dev.netlink.ynl.YnlSpec#load(java.nio.file.Path)}), and the importer that refreshes the bundle from a
 * kernel tree ({@link dev.netlink.ynl.SpecImporter}).
 *
 * <p>The model carries the ABI facts of a spec with YNL's implicit rules applied (attribute, enum and operation
 * value assignment, {@code subset-of} resolved), in YNL's own names. It does no netlink I/O; a later layer
 * compiles it into the codec's attribute schemas.
 */
package dev.netlink.ynl;
