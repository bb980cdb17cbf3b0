package io.netloop.codec.internal;

/** UTF-8 encoding into a caller's array, so short strings cost no allocation on the way out. */
final class Utf8 {
    private Utf8() {}

    /**
     * Encodes {@code s} the way {@code s.getBytes(UTF_8)} does, unpaired surrogates included
     * (each becomes '?').
     *
     * @param out at least {@code 3 * s.length()} bytes
     * @return how many bytes were written
     */
    static int encode(String s, byte[] out) {
        int n = s.length();
        int at = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[at++] = (byte) c;
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (!Character.isSurrogate(c)) {
                out[at++] = (byte) (0xE0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[at++] = (byte) (0xF0 | (cp >> 18));
                out[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                out[at++] = '?';
            }
        }
        return at;
    }
}
