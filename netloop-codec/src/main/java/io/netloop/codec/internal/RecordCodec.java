package io.netloop.codec.internal;

import java.lang.invoke.MethodHandle;

/**
 * A registered record: an array of its components in declaration order, built by the canonical
 * constructor. At the top of a message it is preceded by its type id; nested, it is not, because
 * the field's declared type already says which record it is.
 *
 * <p>Made in two steps, because records may refer to each other and to themselves: first the
 * shell, so that every registered type has a codec to point to, then {@link #define}.
 */
final class RecordCodec extends ValueCodec {
    private static final Object[] NO_ARGS = {};

    final Class<? extends Record> type;
    final int id;
    final String name;
    private final String label;
    private Component[] components;
    /** The canonical constructor spread over an Object[]: (Object[])Object. */
    private MethodHandle constructor;

    RecordCodec(Class<? extends Record> type, int id) {
        this.type = type;
        this.id = id;
        this.name = type.getSimpleName();
        this.label = "record " + name;
    }

    /** Completes the shell; called once, before the codec is published. */
    void define(Component[] components, MethodHandle constructor) {
        this.components = components;
        this.constructor = constructor;
    }

    Component[] components() {
        return components.clone();
    }

    @Override
    void write(Writer out, Object value) {
        if (value.getClass() != type) {
            throw wrongType(value);
        }
        out.record(components.length);
        writeFields(out, (Record) value);
        out.exit();
    }

    /** Writes a whole message: {@code [id, fields...]}. */
    void writeMessage(Writer out, Record message) {
        out.record(1 + components.length);
        out.integer(id);
        writeFields(out, message);
        out.exit();
    }

    @Override
    Object read(Reader in) {
        int n = in.arrayHeader(label);
        Record r = readFields(in, n);
        in.exit();
        return r;
    }

    /** Reads {@code n} fields, which must be exactly this record's components, and constructs it. */
    Record readFields(Reader in, int n) {
        if (n != components.length) {
            throw in.fail("record " + name + " has " + components.length + " fields but " + n + " arrived");
        }
        Object[] args = n == 0 ? NO_ARGS : new Object[n];
        for (int i = 0; i < n; i++) {
            try {
                args[i] = components[i].read(in);
            } catch (Failure f) {
                throw f.at("." + components[i].name);
            }
        }
        return construct(args, in);
    }

    @Override
    String typeName() {
        return name;
    }

    private void writeFields(Writer out, Record record) {
        for (Component c : components) {
            try {
                c.write(out, record);
            } catch (Failure f) {
                throw f.at("." + c.name);
            }
        }
    }

    private Record construct(Object[] args, Reader in) {
        try {
            return (Record) (Object) constructor.invokeExact(args);
        } catch (AssertionError e) { // an assert in a compact constructor validates too
            throw in.fail("the constructor of " + name + " rejected the values: " + e, e);
        } catch (Error e) {
            throw e;
        } catch (Throwable t) {
            throw in.fail("the constructor of " + name + " rejected the values: " + t, t);
        }
    }
}
