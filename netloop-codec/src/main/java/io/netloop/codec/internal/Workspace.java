package io.netloop.codec.internal;

/**
 * One thread's packer, unpacker and scratch arrays, reused from message to message so that a codec
 * shared by many threads allocates nothing per message it can avoid. A nested use on the same
 * thread (a record constructor that itself encodes, say) gets a fresh workspace instead of
 * clobbering the one in use.
 */
final class Workspace {
    private static final ThreadLocal<Workspace> CURRENT = ThreadLocal.withInitial(Workspace::new);
    /** Lent buffers up to this size are copied into {@link #input}; larger ones into a new array. */
    private static final int INPUT_RETAINED = 64 * 1024;

    final Writer writer = new Writer();
    final Reader reader = new Reader();
    private byte[] input = new byte[0];
    private boolean busy;

    private Workspace() {}

    /** This thread's workspace, or a fresh one if it is in use further up the stack; pair with {@link #release()}. */
    static Workspace acquire() {
        Workspace w = CURRENT.get();
        if (w.busy) {
            w = new Workspace();
        }
        w.busy = true;
        return w;
    }

    void release() {
        busy = false;
    }

    /** An array of at least {@code n} bytes to copy a buffer's bytes into before decoding. */
    byte[] input(int n) {
        if (n <= input.length) {
            return input;
        }
        if (n > INPUT_RETAINED) {
            return new byte[n];
        }
        input = new byte[Math.min(INPUT_RETAINED, Math.max(n, 2 * input.length))];
        return input;
    }
}
