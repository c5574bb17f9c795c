package dev.netlink.ynl.typed;

/**
 * One entry of a YNL {@code enum} or {@code flags} definition, implemented by the Java enums a generated family
 * declares ({@code IfOperState.UP}, {@code XdpAct.REDIRECT}): its spec name and the number the kernel uses. For a
 * {@code flags} definition the number is the entry's bit ({@code 1 << n}), as it sits in the attribute.
 */
public interface KernelConstant {
    /** The number on the wire: the enum value, or the flag's bit. */
    long value();

    /** The entry's name as the spec spells it ({@code "up"}, {@code "redirect"}). */
    String specName();
}
