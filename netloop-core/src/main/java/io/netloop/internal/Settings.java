package io.netloop.internal;

/**
 * The settings of one host or connection: the {@link io.netloop.NetConfig} defaults with the URI's
 * options applied. Times in nanoseconds, sizes in bytes; a timeout of 0 means none. {@code
 * reconnect} is false for a {@code tcp+raw://} stream, which has no session.
 */
record Settings(
        String applicationId,
        Agreement agreement,
        int maxMessage,
        long timeoutNanos,
        long keepAliveNanos,
        long connectTimeoutNanos,
        long closeTimeoutNanos,
        int sendQueueLimit,
        int maxPeers,
        int maxPending,
        int readLimit,
        boolean pull,
        int mtu,
        io.netloop.Simulation simulation,
        boolean reconnect,
        long resumeWindowNanos,
        long reconnectDelayNanos,
        long reconnectDelayMaxNanos) {}
