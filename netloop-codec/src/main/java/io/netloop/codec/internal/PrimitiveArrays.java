package io.netloop.codec.internal;

import java.util.Map;

/**
 * The codecs of primitive arrays other than {@code byte[]} (which is a bin): each is a MessagePack
 * array of its elements, encoded as the element type alone would be.
 */
final class PrimitiveArrays {
    private static final Map<Class<?>, ValueCodec> BY_TYPE = Map.of(
            boolean[].class, new Booleans(),
            short[].class, new Shorts(),
            char[].class, new Chars(),
            int[].class, new Ints(),
            long[].class, new Longs(),
            float[].class, new Floats(),
            double[].class, new Doubles());

    private PrimitiveArrays() {}

    /** The codec of a primitive array type other than byte[]; null for any other class. */
    static ValueCodec of(Class<?> type) {
        return BY_TYPE.get(type);
    }

    /** Base of the array codecs: arrays compare by identity, so they are no set elements or map keys. */
    private abstract static class Base extends ValueCodec {
        @Override
        final boolean hasValueEquality() {
            return false;
        }
    }

    private static final class Booleans extends Base {
        @Override
        void write(Writer out, Object value) {
            if (!(value instanceof boolean[] a)) {
                throw wrongType(value);
            }
            out.array(a.length);
            for (boolean x : a) {
                out.bool(x);
            }
            out.exit();
        }

        @Override
        Object read(Reader in) {
            boolean[] a = new boolean[in.array("boolean[]")];
            int i = 0;
            try {
                for (; i < a.length; i++) {
                    a[i] = in.bool();
                }
            } catch (Failure f) {
                throw f.at(i);
            }
            in.exit();
            return a;
        }

        @Override
        String typeName() {
            return "boolean[]";
        }
    }

    private static final class Shorts extends Base {
        @Override
        void write(Writer out, Object value) {
            if (!(value instanceof short[] a)) {
                throw wrongType(value);
            }
            out.array(a.length);
            for (short x : a) {
                out.integer((int) x);
            }
            out.exit();
        }

        @Override
        Object read(Reader in) {
            short[] a = new short[in.array("short[]")];
            int i = 0;
            try {
                for (; i < a.length; i++) {
                    a[i] = (short) in.integer(Short.MIN_VALUE, Short.MAX_VALUE, "short");
                }
            } catch (Failure f) {
                throw f.at(i);
            }
            in.exit();
            return a;
        }

        @Override
        String typeName() {
            return "short[]";
        }
    }

    private static final class Chars extends Base {
        @Override
        void write(Writer out, Object value) {
            if (!(value instanceof char[] a)) {
                throw wrongType(value);
            }
            out.array(a.length);
            for (char x : a) {
                out.integer((int) x);
            }
            out.exit();
        }

        @Override
        Object read(Reader in) {
            char[] a = new char[in.array("char[]")];
            int i = 0;
            try {
                for (; i < a.length; i++) {
                    a[i] = (char) in.integer(Character.MIN_VALUE, Character.MAX_VALUE, "char");
                }
            } catch (Failure f) {
                throw f.at(i);
            }
            in.exit();
            return a;
        }

        @Override
        String typeName() {
            return "char[]";
        }
    }

    private static final class Ints extends Base {
        @Override
        void write(Writer out, Object value) {
            if (!(value instanceof int[] a)) {
                throw wrongType(value);
            }
            out.array(a.length);
            for (int x : a) {
                out.integer(x);
            }
            out.exit();
        }

        @Override
        Object read(Reader in) {
            int[] a = new int[in.array("int[]")];
            int i = 0;
            try {
                for (; i < a.length; i++) {
                    a[i] = (int) in.integer(Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
                }
            } catch (Failure f) {
                throw f.at(i);
            }
            in.exit();
            return a;
        }

        @Override
        String typeName() {
            return "int[]";
        }
    }

    private static final class Longs extends Base {
        @Override
        void write(Writer out, Object value) {
            if (!(value instanceof long[] a)) {
                throw wrongType(value);
            }
            out.array(a.length);
            for (long x : a) {
                out.integer(x);
            }
            out.exit();
        }

        @Override
        Object read(Reader in) {
            long[] a = new long[in.array("long[]")];
            int i = 0;
            try {
                for (; i < a.length; i++) {
                    a[i] = in.integer(Long.MIN_VALUE, Long.MAX_VALUE, "long");
                }
            } catch (Failure f) {
                throw f.at(i);
            }
            in.exit();
            return a;
        }

        @Override
        String typeName() {
            return "long[]";
        }
    }

    private static final class Floats extends Base {
        @Override
        void write(Writer out, Object value) {
            if (!(value instanceof float[] a)) {
                throw wrongType(value);
            }
            out.array(a.length);
            for (float x : a) {
                out.float32(x);
            }
            out.exit();
        }

        @Override
        Object read(Reader in) {
            float[] a = new float[in.array("float[]")];
            int i = 0;
            try {
                for (; i < a.length; i++) {
                    a[i] = in.float32();
                }
            } catch (Failure f) {
                throw f.at(i);
            }
            in.exit();
            return a;
        }

        @Override
        String typeName() {
            return "float[]";
        }
    }

    private static final class Doubles extends Base {
        @Override
        void write(Writer out, Object value) {
            if (!(value instanceof double[] a)) {
                throw wrongType(value);
            }
            out.array(a.length);
            for (double x : a) {
                out.float64(x);
            }
            out.exit();
        }

        @Override
        Object read(Reader in) {
            double[] a = new double[in.array("double[]")];
            int i = 0;
            try {
                for (; i < a.length; i++) {
                    a[i] = in.float64();
                }
            } catch (Failure f) {
                throw f.at(i);
            }
            in.exit();
            return a;
        }

        @Override
        String typeName() {
            return "double[]";
        }
    }
}
