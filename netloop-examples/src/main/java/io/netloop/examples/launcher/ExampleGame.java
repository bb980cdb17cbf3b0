package io.netloop.examples.launcher;

import java.util.function.BooleanSupplier;
import javax.swing.JFrame;

/**
 * One of the example games as the launcher sees it: how to find its hosts on the LAN, how to run
 * its server, and how to open its window.
 */
public interface ExampleGame {
    /**
     * The name shown to the player.
     *
     * @return e.g. {@code "Connect Four"}
     */
    String title();

    /**
     * One line on what the game shows.
     *
     * @return a short description
     */
    String description();

    /**
     * The name its servers advertise under on the LAN.
     *
     * @return the game name of a {@code lan://} URI, e.g. {@code "netloop-connect4"}
     */
    String lanName();

    /**
     * The URI scheme its server listens on.
     *
     * @return {@code "tcp"} or {@code "udp"}
     */
    String scheme();

    /**
     * The port its server listens on unless told otherwise.
     *
     * @return a port number
     */
    int defaultPort();

    /**
     * How many bots a hosted game starts with unless told otherwise.
     *
     * @return zero or more
     */
    int defaultBots();

    /**
     * The class whose {@code main} runs the game without the launcher.
     *
     * @return the main class, for the commands the launcher prints
     */
    Class<?> mainClass();

    /**
     * Runs a server with bots on the calling thread, advertised on the LAN, until {@code stop}
     * answers true.
     *
     * @param port the port to listen on, on every interface
     * @param bots how many bots join it
     * @param stop asked once a tick
     */
    void serve(int port, int bots, BooleanSupplier stop);

    /**
     * Opens a window that plays the game on a server. Call it on the event dispatch thread.
     *
     * @param uri the server, e.g. {@code tcp://192.168.1.20:7777}
     * @param name the player's name
     * @return the window, shown
     */
    JFrame play(String uri, String name);
}
