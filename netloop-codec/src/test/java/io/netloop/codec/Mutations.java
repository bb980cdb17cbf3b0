package io.netloop.codec;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

/** Ways to damage an encoded message, for the fuzz tests. */
final class Mutations {
    /** Header bytes that claim much: array32, map32, str32, bin32, ext32, uint64, never-used, nil. */
    private static final int[] INTERESTING = {0xdd, 0xdf, 0xdb, 0xc6, 0xc9, 0xcf, 0xc1, 0xc0, 0xff, 0x7f, 0x80, 0x00};

    private Mutations() {}

    /** One random change: truncate, flip a bit, insert, delete, overwrite with an interesting byte, or splice. */
    static byte[] apply(byte[] input, byte[] other, Random r) {
        int at = input.length == 0 ? 0 : r.nextInt(input.length);
        switch (r.nextInt(6)) {
            case 0:
                return Arrays.copyOf(input, at);
            case 1:
                if (input.length > 0) {
                    input[at] ^= (byte) (1 << r.nextInt(8));
                }
                return input;
            case 2: {
                byte[] out = new byte[input.length + 1];
                System.arraycopy(input, 0, out, 0, at);
                out[at] = (byte) r.nextInt(256);
                System.arraycopy(input, at, out, at + 1, input.length - at);
                return out;
            }
            case 3: {
                if (input.length == 0) {
                    return input;
                }
                byte[] out = new byte[input.length - 1];
                System.arraycopy(input, 0, out, 0, at);
                System.arraycopy(input, at + 1, out, at, input.length - at - 1);
                return out;
            }
            case 4:
                if (input.length > 0) {
                    input[at] = (byte) INTERESTING[r.nextInt(INTERESTING.length)];
                }
                return input;
            default: {
                int from = other.length == 0 ? 0 : r.nextInt(other.length);
                byte[] out = Arrays.copyOf(input, at + other.length - from);
                System.arraycopy(other, from, out, at, other.length - from);
                return out;
            }
        }
    }

    /**
     * A message nested {@code depth} levels deep: recursive Node records, one-byte arrays, maps,
     * or a mix, usually followed by a valid tail.
     */
    static byte[] nested(int depth, Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int style = r.nextInt(4);
        if (style == 0) {
            out.write(0x93); // [7 (Node), nil, [ [nil, [ ... ]] ]]
            out.write(7);
            out.write(0xc0);
            for (int i = 0; i < depth; i++) {
                out.write(0x91);
                out.write(0x92);
                out.write(0xc0);
            }
            out.write(0x90);
            return out.toByteArray();
        }
        out.write(0x93);
        out.write(r.nextInt(12));
        out.write(0xc0);
        for (int i = 0; i < depth; i++) {
            boolean map = style == 2 || (style == 3 && r.nextBoolean());
            out.write(map ? 0x81 : 0x91);
            if (map) {
                out.write(r.nextInt(128));
            }
        }
        out.write(0xc0);
        return out.toByteArray();
    }

    /**
     * A valid message of {@code n} tiny elements: 0, a Node with n empty children; 1, a
     * List&lt;List&lt;Integer&gt;&gt; of n one-element lists; 2, a List&lt;String&gt; of n one-char
     * strings; 3, a Map&lt;Item, Set&lt;Dir&gt;&gt; of n distinct items with empty names; 4, a
     * Set&lt;String&gt; of n distinct one-char strings.
     */
    static byte[] dense(int shape, int n) {
        Wire w = new Wire();
        switch (shape) {
            case 0 -> {
                w.array(3).integer(7).nil().array(n);
                for (int i = 0; i < n; i++) {
                    w.raw(0x92, 0xc0, 0x90);
                }
            }
            case 1 -> {
                w.array(7).integer(11).array(n);
                for (int i = 0; i < n; i++) {
                    w.raw(0x91, i & 0x7f);
                }
                w.raw(0x80, 0xc0, 0x90, 0x90, 0x80);
            }
            case 2 -> {
                w.array(7).integer(11).raw(0x90, 0x80).array(n);
                for (int i = 0; i < n; i++) {
                    w.raw(0xa1, 'a' + i % 26);
                }
                w.raw(0x90, 0x90, 0x80);
            }
            case 3 -> {
                w.array(7).integer(11).raw(0x90, 0x80, 0xc0, 0x90, 0x90).map(n);
                for (int i = 0; i < n; i++) {
                    w.raw(0x92, 0xa0).integer(i).raw(0x90);
                }
            }
            default -> {
                w.array(7).integer(11).raw(0x90, 0x80, 0xc0, 0x91).array(n);
                for (int i = 0; i < n; i++) {
                    w.str(String.valueOf((char) i));
                }
                w.raw(0x90, 0x80);
            }
        }
        return w.bytes();
    }
}
