package io.netloop.awt;

import io.netloop.NetEvent;
import java.awt.AWTEvent;
import java.awt.Component;
import java.util.Objects;

/**
 * A network event travelling through the AWT event queue, so that a Swing or AWT game receives it
 * on the event-dispatch thread (EDT) the way it receives mouse and key events.
 *
 * <pre>{@code
 * class GamePanel extends JPanel {
 *     @Override
 *     protected void processEvent(AWTEvent e) {
 *         if (e instanceof NetAwtEvent n) {
 *             onNet(n.netEvent());             // on the EDT, in the order the network delivered
 *         } else {
 *             super.processEvent(e);
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p><b>Why processEvent.</b> AWT hands every event whose id is above {@link
 * AWTEvent#RESERVED_ID_MAX} to {@link Component#processEvent} of its source component, with no
 * listener to register. Every Swing {@code JComponent} receives them as is; a plain AWT component
 * (a {@code Canvas}, say) receives them only once it has a listener of any kind or has called
 * {@code enableEvents}, since AWT sends events to an untouched component down its old
 * {@code handleEvent} path instead.
 *
 * <p>{@link BackgroundNet} posts these events into the system {@link java.awt.EventQueue}; {@link
 * SwingNetTimer} hands them to the component directly, already being on the EDT. Either way the
 * component sees them on the EDT only. The public constructor exists so that a game's tests can
 * feed its own {@code processEvent}.
 *
 * <p>Not meant to be serialized: the {@link NetEvent} it carries is not, and is left out.
 */
public sealed class NetAwtEvent extends AWTEvent permits PostedNetAwtEvent {
    /**
     * The id of every {@code NetAwtEvent}. Above {@link AWTEvent#RESERVED_ID_MAX}, so AWT passes it
     * on to {@link Component#processEvent}, and far enough above it (by 0x4E4C, "NL") to stay clear
     * of ids that games number from {@code RESERVED_ID_MAX + 1}. Test {@code instanceof
     * NetAwtEvent} rather than the id.
     */
    public static final int NET_EVENT = AWTEvent.RESERVED_ID_MAX + 0x4E4C;

    private static final long serialVersionUID = 1L;

    private final transient NetEvent netEvent;

    /**
     * An event for {@code target}, to post into an {@link java.awt.EventQueue} or to hand to {@link
     * Component#dispatchEvent}. Any thread may create one.
     *
     * @param target the component whose {@code processEvent} receives it; also its source
     * @param netEvent the network event it carries
     */
    public NetAwtEvent(Component target, NetEvent netEvent) {
        this((Object) Objects.requireNonNull(target, "target"), netEvent);
    }

    /** For events that go to a handler rather than a component; the source is then the bridge. */
    NetAwtEvent(Object source, NetEvent netEvent) {
        super(source, NET_EVENT);
        this.netEvent = Objects.requireNonNull(netEvent, "netEvent");
    }

    /**
     * The network event: its type, peer, channel and data. Its {@link NetEvent#data()} is the
     * game's own copy, free to keep. Read it on the EDT, where the event is delivered; the {@link
     * NetEvent#peer()} it names may be used only as its {@link io.netloop.Net}'s thread rule allows
     * (through {@link BackgroundNet}'s door, or directly under a {@link SwingNetTimer}).
     *
     * @return the network event
     */
    public NetEvent netEvent() {
        return netEvent;
    }

    /**
     * Describes the network event, for logs and {@link #toString()}.
     *
     * @return e.g. {@code DATA peer channel 0 #3 (12 bytes)}
     */
    @Override
    public String paramString() {
        return String.valueOf(netEvent);
    }
}
