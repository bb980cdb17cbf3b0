package io.netloop.codec.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.StringJoiner;

/**
 * The fingerprint of a set of registrations: the first 16 bytes of the SHA-256 of a canonical text
 * that two peers produce alike exactly when they map the same messages to the same bytes.
 *
 * <pre>
 * netloop-codec 1
 * 0 Chat(String from, String text)
 * 1 Move(int x, int y, Optional&lt;Direction&gt; heading, List&lt;Map&lt;String, int[]&gt;&gt; marks)
 * enum Direction(NORTH, EAST, SOUTH, WEST)
 * </pre>
 *
 * A header line; one line per record in type-id order: id, simple name, and each component's type
 * and name in declaration order, separated by ", "; then one line per enum in the order the records
 * first mention them, with its constants in ordinal order. Every line ends with "\n"; the text is
 * hashed as UTF-8. Types are written with simple names: primitives as {@code int}, boxes as {@code
 * Integer}, generics as {@code Map<K, V>}.
 */
final class Fingerprint {
    private Fingerprint() {}

    static String text(RecordCodec[] records, Collection<EnumCodec> enums) {
        StringBuilder out = new StringBuilder("netloop-codec 1\n");
        for (RecordCodec r : records) {
            StringJoiner fields = new StringJoiner(", ", r.id + " " + r.name + "(", ")\n");
            for (Component c : r.components()) {
                fields.add(c.codec.typeName() + " " + c.name);
            }
            out.append(fields);
        }
        for (EnumCodec e : enums) {
            out.append("enum ")
                    .append(e.typeName())
                    .append('(')
                    .append(String.join(", ", e.constantNames()))
                    .append(")\n");
        }
        return out.toString();
    }

    static byte[] hash(String text) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(sha, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
