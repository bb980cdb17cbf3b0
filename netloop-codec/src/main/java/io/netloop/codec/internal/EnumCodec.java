package io.netloop.codec.internal;

import java.util.ArrayList;
import java.util.List;

/** An enum: its ordinal as an int. Decoding checks the ordinal against the constants. */
final class EnumCodec extends ValueCodec {
    final Class<?> type;
    private final Object[] constants;
    private final String label;

    EnumCodec(Class<?> type) {
        this.type = type;
        this.constants = type.getEnumConstants();
        this.label = "enum " + type.getSimpleName();
    }

    @Override
    void write(Writer out, Object value) {
        if (!type.isInstance(value)) {
            throw wrongType(value);
        }
        out.integer(((Enum<?>) value).ordinal());
    }

    @Override
    Object read(Reader in) {
        return constants[(int) in.integer(0, constants.length - 1L, label)];
    }

    @Override
    String typeName() {
        return type.getSimpleName();
    }

    /** The constants' names in ordinal order, for the fingerprint. */
    List<String> constantNames() {
        List<String> names = new ArrayList<>();
        for (Object c : constants) {
            names.add(((Enum<?>) c).name());
        }
        return names;
    }
}
