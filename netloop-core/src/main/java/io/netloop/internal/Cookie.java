package io.netloop.internal;

import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless handshake cookies: a host answers a first HELLO with a cookie that only it can make,
 * bound to the client's address, port and nonce and to the time, and keeps no state until the
 * client echoes it. A spoofed source address never sees its cookie, so it never gets a
 * connection.
 *
 * <pre>
 * cookie = issued (u32 seconds on the host's clock) | HMAC-SHA256(secret, issued | ip | port | nonce)[0..12)
 * </pre>
 */
final class Cookie {
    /** How long a cookie stays good, in seconds. */
    private static final int LIFETIME = 10;

    /** The lifetime, plus the second a cookie's issue time is rounded down by, in nanoseconds. */
    static final long LIFETIME_NANOS = (LIFETIME + 1) * 1_000_000_000L;

    private final Mac mac;
    private final byte[] scratch = new byte[4 + 16 + 2 + UdpWire.NONCE];

    Cookie() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** Writes a fresh cookie for this client into {@code out} at {@code at}. */
    void issue(long nowNanos, InetSocketAddress client, byte[] nonce, int nonceAt, byte[] out, int at) {
        int issued = seconds(nowNanos);
        Wire.putInt(out, at, issued);
        byte[] tag = tag(issued, client, nonce, nonceAt);
        System.arraycopy(tag, 0, out, at + 4, UdpWire.COOKIE - 4);
    }

    /** Whether {@code cookie} at {@code at} was issued by this host to this client within its lifetime. */
    boolean verify(long nowNanos, InetSocketAddress client, byte[] nonce, int nonceAt, byte[] cookie, int at) {
        int issued = ((cookie[at] & 0xff) << 24)
                | ((cookie[at + 1] & 0xff) << 16)
                | ((cookie[at + 2] & 0xff) << 8)
                | (cookie[at + 3] & 0xff);
        int age = seconds(nowNanos) - issued;
        if (age < 0 || age > LIFETIME) {
            return false;
        }
        byte[] tag = tag(issued, client, nonce, nonceAt);
        byte[] given = java.util.Arrays.copyOfRange(cookie, at + 4, at + UdpWire.COOKIE);
        return MessageDigest.isEqual(java.util.Arrays.copyOf(tag, UdpWire.COOKIE - 4), given);
    }

    private byte[] tag(int issued, InetSocketAddress client, byte[] nonce, int nonceAt) {
        byte[] ip = client.getAddress().getAddress();
        Wire.putInt(scratch, 0, issued);
        java.util.Arrays.fill(scratch, 4, 20, (byte) 0);
        System.arraycopy(ip, 0, scratch, 4, ip.length);
        scratch[20] = (byte) (client.getPort() >>> 8);
        scratch[21] = (byte) client.getPort();
        System.arraycopy(nonce, nonceAt, scratch, 22, UdpWire.NONCE);
        return mac.doFinal(scratch);
    }

    private static int seconds(long nanos) {
        return (int) (nanos / 1_000_000_000L);
    }
}
