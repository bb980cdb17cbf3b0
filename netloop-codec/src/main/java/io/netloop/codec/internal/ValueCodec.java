package io.netloop.codec.internal;

/**
 * Encodes and decodes the values of one Java type. A codec builds a tree of these per record type
 * at registration, so a message is written and read by walking the tree: no reflection and no
 * switch on classes per message. Immutable and thread-safe; all state of a message is in the
 * {@link Writer} or {@link Reader} passed in.
 */
abstract class ValueCodec {
    /**
     * Writes a value.
     *
     * @param value not null; anything but this codec's type (possible through heap pollution) fails
     */
    abstract void write(Writer out, Object value);

    /**
     * Reads the next value; a nil fails unless {@link #readsNil()}.
     *
     * @return the value, never null
     */
    abstract Object read(Reader in);

    /** The type as it appears in the fingerprint's canonical text, e.g. {@code int}, {@code List<String>}. */
    abstract String typeName();

    /** False for arrays, whose equals() is identity: they cannot be set elements or map keys. */
    boolean hasValueEquality() {
        return true;
    }

    /** True for Optional, where nil means empty rather than null. */
    boolean readsNil() {
        return false;
    }

    /** The failure for a value of the wrong class, which only heap pollution can bring here. */
    final Failure wrongType(Object value) {
        return Writer.fail(
                "expected " + typeName() + " but found " + value.getClass().getName());
    }
}
