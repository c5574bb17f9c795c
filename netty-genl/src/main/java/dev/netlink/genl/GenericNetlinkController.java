package dev.netlink.genl;

import dev.netlink.client.NetlinkReplies;
import dev.netlink.codec.attr.AttributeSchema;
import dev.netlink.codec.attr.AttributeWriter;
import dev.netlink.client.NetlinkSocket;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import static dev.netlink.genl.GenlCtrl.*;

/**
 * The generic netlink controller, nlctrl (family {@code GENL_ID_CTRL} = 0x10, version 2): looks up families by
 * name or id, lists them all, dumps their attribute policies ({@code CTRL_CMD_GETPOLICY}), makes sockets for a
 * family, and follows families as they come and go. Its {@link #family()} is nlctrl as this kernel describes
 * it, and its requests carry {@link NlctrlSchema}, so a refusal names the attribute.
 *
 * <p>Lookups always ask the kernel, so a family that was unloaded and loaded again (and so got a new id) is
 * never served from a stale cache. {@link #watchFamilies} joins nlctrl's {@code notify} group and keeps
 * {@link #knownFamilies()} current. Every method may be called from any thread; futures complete on the
 * channel's event loop.
 */
public final class GenericNetlinkController extends GenericNetlinkSocket {
    /**
     * What is known of nlctrl before the kernel is asked: its fixed id, the version this library speaks, no
     * family header, and its notify group's fixed id. Only used to ask the kernel for the real description.
     */
    static final Family BOOTSTRAP = new Family(GENL_ID_CTRL, CTRL_NAME, CTRL_VERSION, 0, 0,
            List.of(), List.of(new MulticastGroup(CTRL_GROUP_NOTIFY, GENL_ID_CTRL)));

    private final Map<String, Family> known = new ConcurrentHashMap<>();

    /**
     * A controller on {@code socket}, which must have been opened by {@link GenericNetlink}, speaking for
     * {@code nlctrl} as the kernel described it ({@link GenericNetlink#connect()} looks it up).
     */
    public GenericNetlinkController(NetlinkSocket socket, Family nlctrl) {
        super(socket, nlctrl);
        if (nlctrl.id() != GENL_ID_CTRL) {
            throw new IllegalArgumentException("nlctrl is family 0x10, not " + nlctrl);
        }
    }

    /** nlctrl's attributes, so that the kernel's error offsets are named. */
    @Override
    protected AttributeSchema schema() {
        return NlctrlSchema.CTRL;
    }

    /** Every registered family ({@code CTRL_CMD_GETFAMILY} dump), in the kernel's order. */
    public Future<List<Family>> getFamilies() {
        Promise<List<Family>> result = newPromise();
        List<Family> families = new ArrayList<>();
        dump(CTRL_CMD_GETFAMILY, null, null, m -> families.add(CtrlParser.family(m.attributes())))
                .addListener(f -> {
                    if (f.isSuccess()) {
                        result.trySuccess(Collections.unmodifiableList(families));
                    } else {
                        result.tryFailure(f.cause());
                    }
                });
        return result;
    }

    /** The family with id {@code id}; fails with {@code NetlinkException} {@code ENOENT} if there is none. */
    public Future<Family> getFamilyById(int id) {
        return getFamily(w -> w.putU16(CTRL_ATTR_FAMILY_ID, id));
    }

    /** The family called {@code name}; fails with {@code NetlinkException} {@code ENOENT} if there is none. */
    public Future<Family> getFamilyByName(String name) {
        return getFamily(w -> w.putString(CTRL_ATTR_FAMILY_NAME, name));
    }

    private Future<Family> getFamily(Consumer<AttributeWriter> attrs) {
        Promise<Family> result = newPromise();
        request(CTRL_CMD_GETFAMILY, attrs, 0, null).addListener((Future<NetlinkReplies<GenericNetlinkMessage>> f) -> {
            if (!f.isSuccess()) {
                result.tryFailure(f.cause());
                return;
            }
            try (NetlinkReplies<GenericNetlinkMessage> replies = f.getNow()) {
                if (replies.isEmpty()) {
                    result.tryFailure(new IllegalStateException("nlctrl acknowledged GETFAMILY without a reply"));
                } else {
                    result.trySuccess(CtrlParser.family(replies.get(0).attributes()));
                }
            } catch (RuntimeException e) {
                result.tryFailure(e);
            }
        });
        return result;
    }

    /**
     * The attribute policies of family {@code id} ({@code CTRL_CMD_GETPOLICY}); only those of command
     * {@code cmd} when it is not {@code null}. Commands the kernel reports under 0 (dump-only ones, see
     * {@link CommandPolicy}) are resolved to their numbers.
     */
    public Future<Policy> getPolicyById(int id, Integer cmd) {
        return getPolicy(getFamilyById(id), w -> w.putU16(CTRL_ATTR_FAMILY_ID, id), cmd);
    }

    /** The attribute policies of family {@code name}; only those of command {@code cmd} when not {@code null}. */
    public Future<Policy> getPolicyByName(String name, Integer cmd) {
        return getPolicy(getFamilyByName(name), w -> w.putString(CTRL_ATTR_FAMILY_NAME, name), cmd);
    }

    private Future<Policy> getPolicy(Future<Family> family, Consumer<AttributeWriter> selector, Integer cmd) {
        Promise<Policy> result = newPromise();
        CtrlParser.PolicyBuilder builder = new CtrlParser.PolicyBuilder();
        Consumer<AttributeWriter> attrs = cmd == null ? selector : selector.andThen(w -> w.putU32(CTRL_ATTR_OP, cmd));
        family.addListener((Future<Family> f) -> {
            if (!f.isSuccess()) {
                result.tryFailure(f.cause());
                return;
            }
            dump(CTRL_CMD_GETPOLICY, attrs, null, m -> builder.add(m.attributes())).addListener(d -> {
                if (d.isSuccess()) {
                    result.trySuccess(builder.build(f.getNow(), cmd));
                } else {
                    result.tryFailure(d.cause());
                }
            });
        });
        return result;
    }

    /**
     * Looks up family {@code name} and binds a socket to it on this controller's channel, e.g.
     * {@code controller.get("ethtool", GenericNetlinkSocket::new)}.
     */
    public <T extends GenericNetlinkSocket> Future<T> get(String name, Factory<T> factory) {
        Promise<T> result = newPromise();
        getFamilyByName(name).addListener((Future<Family> f) -> {
            if (!f.isSuccess()) {
                result.tryFailure(f.cause());
                return;
            }
            try {
                result.trySuccess(factory.create(socket(), f.getNow()));
            } catch (RuntimeException e) {
                result.tryFailure(e);
            }
        });
        return result;
    }

    /**
     * Follows family registrations: joins nlctrl's {@code notify} group, fills {@link #knownFamilies()} with the
     * current families, and from then on hands every {@link FamilyEvent} to {@code listener} (on the event loop;
     * it must not block) after updating {@link #knownFamilies()}. Completes when the current families are known.
     * nlctrl notifications then no longer reach {@link #receive()}.
     */
    public Future<Void> watchFamilies(Consumer<? super FamilyEvent> listener) {
        Promise<Void> result = newPromise();
        follow(listener);
        addMembership(CTRL_GROUP_NOTIFY).addListener(joined -> {
            if (!joined.isSuccess()) {
                result.tryFailure(joined.cause());
                return;
            }
            getFamilies().addListener((Future<List<Family>> f) -> {
                if (f.isSuccess()) {
                    f.getNow().forEach(fam -> known.put(fam.name(), fam));
                    result.trySuccess(null);
                } else {
                    result.tryFailure(f.cause());
                }
            });
        });
        return result;
    }

    /** Turns nlctrl notifications into {@link FamilyEvent}s for {@code listener}, keeping the known set. */
    void follow(Consumer<? super FamilyEvent> listener) {
        onNotification(m -> {
            FamilyEvent event = new FamilyEvent(m.cmd(), CtrlParser.family(m.attributes()));
            apply(event);
            listener.accept(event);
        });
    }

    private void apply(FamilyEvent event) {
        Family f = event.family();
        switch (event.cmd()) {
            case CTRL_CMD_NEWFAMILY -> known.put(f.name(), f);
            case CTRL_CMD_DELFAMILY -> known.remove(f.name());
            default -> {
                // Group changes: the next lookup reads the family afresh.
            }
        }
    }

    /**
     * The families by name, as {@link #watchFamilies} last learned them; empty until it is called. A family in
     * here has the id the kernel gave it most recently.
     */
    public Map<String, Family> knownFamilies() {
        return Collections.unmodifiableMap(known);
    }

    /** Closes the netlink socket underneath, and so every family socket made from this controller. */
    @Override
    public void close() {
        socket().close();
    }
}
