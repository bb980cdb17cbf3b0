package io.netloop.internal;

import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * A session that outlives its links: the id and secret token a host issues in the handshake, and,
 * while the link is down, the resume window and the client's schedule of reconnection attempts.
 *
 * <p>The token is 16 bytes from a {@link SecureRandom}, known only to the host that issued it and
 * the client it was issued to; a host that restarts knows none of the old ones. Whoever presents
 * the id with the right token resumes the session, from any address.
 */
final class Session {
    private static final SecureRandom TOKENS = new SecureRandom();

    final long id;
    final byte[] token;

    /** While the link is down: when the session ends if it has not come back. */
    long resumeDeadline;
    /** Reconnection attempts since the link was lost. */
    int attempts;
    /** When the client's next attempt starts. */
    long nextAttempt;
    /** Why the last attempt failed, for the final DISCONNECTED. */
    String lastFailure = "";

    Session(long id, byte[] token) {
        this.id = id;
        this.token = token;
    }

    /** A new session with the given id and a fresh random token. */
    static Session issue(long id) {
        byte[] token = new byte[Wire.TOKEN];
        TOKENS.nextBytes(token);
        return new Session(id, token);
    }

    /** The token stored in {@code buf} at {@code at}. */
    static byte[] token(java.nio.ByteBuffer buf, int at) {
        byte[] token = new byte[Wire.TOKEN];
        buf.get(at, token);
        return token;
    }

    /** Whether {@code candidate} is this session's token, in time that does not depend on where they differ. */
    boolean matches(byte[] candidate) {
        return MessageDigest.isEqual(token, candidate);
    }

    /** The link was lost at {@code now}: the resume window starts, and attempts start over. */
    void lost(long now, Settings settings) {
        resumeDeadline = now + settings.resumeWindowNanos();
        attempts = 0;
        lastFailure = "";
    }

    /**
     * Schedules the next attempt: the first delay doubled for each attempt so far, up to the
     * longest, less a random part of up to half, so that clients that lost one host spread out.
     */
    void scheduleAttempt(long now, Settings settings, java.util.SplittableRandom random) {
        long delay = settings.reconnectDelayNanos() << Math.min(attempts, 20);
        if (delay <= 0 || delay > settings.reconnectDelayMaxNanos()) {
            delay = settings.reconnectDelayMaxNanos();
        }
        nextAttempt = now + delay / 2 + random.nextLong(delay / 2 + 1);
        attempts++;
    }
}
