package io.netloop.examples.chat;

/** Demo. */
public final class ChatDemo {
    private ChatDemo() {}

    /**
     * Runs.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println("hi " + io.netloop.Delivery.RELIABLE);
    }
}
