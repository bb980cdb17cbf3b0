/**
 * netloop-awt: network events on the AWT event-dispatch thread, through the system {@code
 * EventQueue}.
 *
 * <p>Only {@code io.netloop.awt} is exported; the event that dispatches itself and the error
 * reporting are package-private there.
 */
module io.netloop.awt {
    requires transitive io.netloop;
    requires transitive java.desktop;

    exports io.netloop.awt;
}
