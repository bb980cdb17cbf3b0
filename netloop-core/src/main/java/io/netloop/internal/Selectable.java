package io.netloop.internal;

import java.nio.channels.SelectionKey;

/** Whatever owns a channel registered with the {@link RealNet}'s selector. */
interface Selectable {
    /** The selector found the channel ready; called from inside {@code poll()}. */
    void onSelected(SelectionKey key);
}
