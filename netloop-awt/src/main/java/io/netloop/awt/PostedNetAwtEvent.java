package io.netloop.awt;

import io.netloop.NetEvent;
import java.awt.ActiveEvent;

/**
 * A {@link NetAwtEvent} posted by a {@link BackgroundNet}. It dispatches itself, through its poll
 * loop, so that the loop can count what the EDT has not yet handled, drop what arrives after
 * {@link BackgroundNet#close()}, and report what the receiver throws. The component still receives
 * it in {@code processEvent}, by way of {@link java.awt.Component#dispatchEvent}, as the event
 * queue itself would have done.
 */
final class PostedNetAwtEvent extends NetAwtEvent implements ActiveEvent {
    private static final long serialVersionUID = 1L;

    private final transient PollLoop owner;

    PostedNetAwtEvent(Object source, NetEvent netEvent, PollLoop owner) {
        super(source, netEvent);
        this.owner = owner;
    }

    /** Called by the event queue on the EDT. */
    @Override
    public void dispatch() {
        owner.deliver(this);
    }
}
