package io.netloop.codec;

import java.io.IOException;
import org.msgpack.core.MessagePacker;

/** Random MessagePack values of every type, written with msgpack-core's packer. */
final class RandomValues {
    private RandomValues() {}

    static void pack(MessagePacker p, java.util.Random r, int depth) throws IOException {
        switch (r.nextInt(depth > 0 ? 13 : 10)) {
            case 0 -> p.packNil();
            case 1 -> p.packBoolean(r.nextBoolean());
            case 2 -> p.packInt(r.nextInt(300) - 100);
            case 3 -> p.packLong(r.nextLong() >> r.nextInt(64));
            case 4 -> p.packBigInteger(
                    java.math.BigInteger.valueOf(r.nextLong() >>> 1).shiftLeft(1));
            case 5 -> p.packFloat(r.nextFloat() * 1e6f - 5e5f);
            case 6 -> p.packDouble(r.nextInt(4) == 0 ? Double.NaN : r.nextGaussian() * 1e300);
            case 7 -> p.packString("s".repeat(r.nextInt(40)) + (char) r.nextInt(0xD000));
            case 8 -> {
                byte[] b = new byte[r.nextInt(40)];
                r.nextBytes(b);
                p.packBinaryHeader(b.length).writePayload(b);
            }
            case 9 -> p.packExtensionTypeHeader((byte) r.nextInt(128), 1).writePayload(new byte[] {1});
            case 10, 11 -> {
                int n = r.nextInt(5);
                p.packArrayHeader(n);
                for (int i = 0; i < n; i++) {
                    pack(p, r, depth - 1);
                }
            }
            default -> {
                int n = r.nextInt(4);
                p.packMapHeader(n);
                for (int i = 0; i < 2 * n; i++) {
                    pack(p, r, depth - 1);
                }
            }
        }
    }
}
