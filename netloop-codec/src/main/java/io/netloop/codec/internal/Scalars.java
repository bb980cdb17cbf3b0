package io.netloop.codec.internal;

import java.util.Map;

/** The codecs of single values: primitives, their boxes, String and byte[]. */
final class Scalars {
    private static final Map<Class<?>, ValueCodec> BY_TYPE = Map.ofEntries(
            Map.entry(boolean.class, new Bool("boolean")),
            Map.entry(Boolean.class, new Bool("Boolean")),
            Map.entry(byte.class, new Int8("byte")),
            Map.entry(Byte.class, new Int8("Byte")),
            Map.entry(short.class, new Int16("short")),
            Map.entry(Short.class, new Int16("Short")),
            Map.entry(char.class, new Char("char")),
            Map.entry(Character.class, new Char("Character")),
            Map.entry(int.class, new Int32("int")),
            Map.entry(Integer.class, new Int32("Integer")),
            Map.entry(long.class, new Int64("long")),
            Map.entry(Long.class, new Int64("Long")),
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

    private static final class Int8 extends Named {
        Int8(String name) {
            super(name);
        }

        @Override
        void write(Writer out, Object value) {
            if (!(value instanceof Byte b)) {
                throw wrongType(value);
            }
            out.integer((int) b);
        }

        @Override
        Object read(Reader in) {
            return (byte) in.integer(Byte.MIN_VALUE, Byte.MAX_VALUE, "byte");
        }
    }

    private static final class Int16 extends Named {
        Int16(String name) {
            super(name);
        }

        @Override
        void write(Writer out, Object value) {
            if (!(value instanceof Short s)) {
                throw wrongType(value);
            }
            out.integer((int) s);
        }

        @Override
        Object read(Reader in) {
            return (short) in.integer(Short.MIN_VALUE, Short.MAX_VALUE, "short");
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

    private static final class Int32 extends Named {
        Int32(String name) {
            super(name);
        }

        @Override
        void write(Writer out, Object value) {
            if (!(value instanceof Integer i)) {
                throw wrongType(value);
            }
            out.integer((int) i);
        }

        @Override
        Object read(Reader in) {
            return (int) in.integer(Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
        }
    }

    private static final class Int64 extends Named {
        Int64(String name) {
            super(name);
        }

        @Override
        void write(Writer out, Object value) {
            if (!(value instanceof Long l)) {
                throw wrongType(value);
            }
            out.integer((long) l);
        }

        @Override
        Object read(Reader in) {
            return in.integer(Long.MIN_VALUE, Long.MAX_VALUE, "long");
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
