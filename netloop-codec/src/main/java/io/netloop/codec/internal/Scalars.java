package io.netloop.codec.internal;

import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/** The codecs of single values: primitives, their boxes, String and byte[]. */
final class Scalars {
    private static final Map<Class<?>, ValueCodec> BY_TYPE = Map.ofEntries(
            Map.entry(boolean.class, new Bool("boolean")),
            Map.entry(Boolean.class, new Bool("Boolean")),
            Map.entry(byte.class, new Integral("byte", Byte.class, Byte.MIN_VALUE, Byte.MAX_VALUE, v -> (byte) v)),
            Map.entry(Byte.class, new Integral("Byte", Byte.class, Byte.MIN_VALUE, Byte.MAX_VALUE, v -> (byte) v)),
            Map.entry(
                    short.class, new Integral("short", Short.class, Short.MIN_VALUE, Short.MAX_VALUE, v -> (short) v)),
            Map.entry(
                    Short.class, new Integral("Short", Short.class, Short.MIN_VALUE, Short.MAX_VALUE, v -> (short) v)),
            Map.entry(char.class, new Char("char")),
            Map.entry(Character.class, new Char("Character")),
            Map.entry(
                    int.class, new Integral("int", Integer.class, Integer.MIN_VALUE, Integer.MAX_VALUE, v -> (int) v)),
            Map.entry(Integer.class, new Integral("Integer", Integer.class, Integer.MIN_VALUE, Integer.MAX_VALUE, v ->
                    (int) v)),
            Map.entry(long.class, new Integral("long", Long.class, Long.MIN_VALUE, Long.MAX_VALUE, v -> v)),
            Map.entry(Long.class, new Integral("Long", Long.class, Long.MIN_VALUE, Long.MAX_VALUE, v -> v)),
            Map.entry(float.class, new Float32("float")),
            Map.entry(Float.class, new Float32("Float")),
            Map.entry(double.class, new Float64("double")),
            Map.entry(Double.class, new Float64("Double")),
            Map.entry(String.class, new Text()),
            Map.entry(byte[].class, new Bytes()));

    private Scalars() {}

    /** The codec of a primitive, a box, String or byte[]; null for any other class. */
    static ValueCodec of(Class<?> type) {
        return BY_TYPE.get(type);
    }

    /** Base of the scalar codecs: a fixed name. */
    private abstract static class Named extends ValueCodec {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        final String typeName() {
            return name;
        }
    }

    private static final class Bool extends Named {
        Bool(String name) {
            super(name);
        }

        @Override
        void write(Writer out, Object value) {
            if (!(value instanceof Boolean b)) {
                throw wrongType(value);
            }
            out.bool(b);
        }

        @Override
        Object read(Reader in) {
            return in.bool();
        }
    }

    /**
     * byte, short, int or long, or its box: a MessagePack int of any width, range-checked against
     * the Java type before {@code narrow} makes the box.
     */
    private static final class Integral extends Named {
        private final Class<?> box;
        private final long min;
        private final long max;
        private final String primitive;
        private final LongFunction<Object> narrow;

        Integral(String name, Class<?> box, long min, long max, LongFunction<Object> narrow) {
            super(name);
            this.box = box;
            this.min = min;
            this.max = max;
            this.primitive = box == Integer.class ? "int" : box.getSimpleName().toLowerCase(Locale.ROOT);
            this.narrow = narrow;
        }

        @Override
        void write(Writer out, Object value) {
            if (!box.isInstance(value)) {
                throw wrongType(value);
            }
            out.integer(((Number) value).longValue());
        }

        @Override
        Object read(Reader in) {
            return narrow.apply(in.integer(min, max, primitive));
        }
    }

    private static final class Char extends Named {
        Char(String name) {
            super(name);
        }

        @Override
        void write(Writer out, Object value) {
            if (!(value instanceof Character c)) {
                throw wrongType(value);
            }
            out.integer((int) c);
        }

        @Override
        Object read(Reader in) {
            return (char) in.integer(Character.MIN_VALUE, Character.MAX_VALUE, "char");
        }
    }

    private static final class Float32 extends Named {
        Float32(String name) {
            super(name);
        }

        @Override
        void write(Writer out, Object value) {
            if (!(value instanceof Float f)) {
                throw wrongType(value);
            }
            out.float32(f);
        }

        @Override
        Object read(Reader in) {
            return in.float32();
        }
    }

    private static final class Float64 extends Named {
        Float64(String name) {
            super(name);
        }

        @Override
        void write(Writer out, Object value) {
            if (!(value instanceof Double d)) {
                throw wrongType(value);
            }
            out.float64(d);
        }

        @Override
        Object read(Reader in) {
            return in.float64();
        }
    }

    private static final class Text extends Named {
        Text() {
            super("String");
        }

        @Override
        void write(Writer out, Object value) {
            if (!(value instanceof String s)) {
                throw wrongType(value);
            }
            out.string(s);
        }

        @Override
        Object read(Reader in) {
            return in.string();
        }
    }

    private static final class Bytes extends Named {
        Bytes() {
            super("byte[]");
        }

        @Override
        void write(Writer out, Object value) {
            if (!(value instanceof byte[] b)) {
                throw wrongType(value);
            }
            out.binary(b);
        }

        @Override
        Object read(Reader in) {
            return in.binary();
        }

        @Override
        boolean hasValueEquality() {
            return false;
        }
    }
}
