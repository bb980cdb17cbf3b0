package io.netloop.codec.internal;

import org.msgpack.core.MessageFormat;
import org.msgpack.value.ValueType;

/** What the next byte on the wire is, for the checks and messages of {@link Reader}. */
final class Formats {
    private Formats() {}

    /** A format's type, or null for the never-used byte, whose getValueType() throws. */
    static ValueType typeOf(MessageFormat format) {
        return format == MessageFormat.NEVER_USED ? null : format.getValueType();
    }

    /** The MessagePack specification's name of a format's type. */
    static String name(MessageFormat format) {
        if (format == MessageFormat.NEVER_USED) {
            return "the never-used byte 0xc1";
        }
        return switch (format.getValueType()) {
            case NIL -> "nil";
            case BOOLEAN -> "bool";
            case INTEGER -> "int";
            case FLOAT -> "float";
            case STRING -> "str";
            case BINARY -> "bin";
            case ARRAY -> "array";
            case MAP -> "map";
            case EXTENSION -> "ext";
        };
    }
}
