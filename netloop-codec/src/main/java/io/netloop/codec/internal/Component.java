package io.netloop.codec.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

/**
 * One record component: its name, its accessor as a method handle resolved at registration, and
 * the codec of its type. Primitive components read their accessor with {@code invokeExact} on a
 * primitive return type, so encoding boxes nothing.
 */
abstract class Component {
    final String name;
    final ValueCodec codec;

    Component(String name, ValueCodec codec) {
        this.name = name;
        this.codec = codec;
    }

    /** Writes this component of {@code record}. */
    abstract void write(Writer out, Record record);

    /** Reads this component's value, boxed for the canonical constructor. */
    Object read(Reader in) {
        return codec.read(in);
    }

    /**
     * Makes the component for an accessor.
     *
     * @param accessor the accessor's handle, of type (R)T
     * @param type the component's class, T
     */
    static Component of(String name, MethodHandle accessor, Class<?> type, ValueCodec codec) {
        if (type == boolean.class) {
            return new BooleanValue(name, accessor.asType(MethodType.methodType(boolean.class, Record.class)), codec);
        } else if (type == long.class) {
            return new LongValue(name, accessor.asType(MethodType.methodType(long.class, Record.class)), codec);
        } else if (type == float.class) {
            return new FloatValue(name, accessor.asType(MethodType.methodType(float.class, Record.class)), codec);
        } else if (type == double.class) {
            return new DoubleValue(name, accessor.asType(MethodType.methodType(double.class, Record.class)), codec);
        } else if (type.isPrimitive()) { // byte, short, char, int: widened to int
            return new IntValue(name, accessor.asType(MethodType.methodType(int.class, Record.class)), codec);
        }
        return new Reference(name, accessor.asType(MethodType.methodType(Object.class, Record.class)), codec);
    }

    /** The failure for an accessor that threw; Errors are not caught. */
    final Failure accessorFailed(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return new Failure("the accessor " + name + "() threw " + t, -1, t);
    }

    /** A reference component: nil for null, except Optional, where null is refused. */
    private static final class Reference extends Component {
        private final MethodHandle getter;
        private final boolean nullable;

        Reference(String name, MethodHandle getter, ValueCodec codec) {
            super(name, codec);
            this.getter = getter;
            this.nullable = !codec.readsNil();
        }

        @Override
        void write(Writer out, Record record) {
            Object value;
            try {
                value = (Object) getter.invokeExact(record);
            } catch (Throwable t) {
                throw accessorFailed(t);
            }
            if (value != null) {
                codec.write(out, value);
            } else if (nullable) {
                out.nil();
            } else {
                throw Writer.fail("an Optional field is null; use Optional.empty()");
            }
        }

        @Override
        Object read(Reader in) {
            return nullable && in.tryNil() ? null : codec.read(in);
        }
    }

    private static final class BooleanValue extends Component {
        private final MethodHandle getter;

        BooleanValue(String name, MethodHandle getter, ValueCodec codec) {
            super(name, codec);
            this.getter = getter;
        }

        @Override
        void write(Writer out, Record record) {
            boolean value;
            try {
                value = (boolean) getter.invokeExact(record);
            } catch (Throwable t) {
                throw accessorFailed(t);
            }
            out.bool(value);
        }
    }

    private static final class IntValue extends Component {
        private final MethodHandle getter;

        IntValue(String name, MethodHandle getter, ValueCodec codec) {
            super(name, codec);
            this.getter = getter;
        }

        @Override
        void write(Writer out, Record record) {
            int value;
            try {
                value = (int) getter.invokeExact(record);
            } catch (Throwable t) {
                throw accessorFailed(t);
            }
            out.integer(value);
        }
    }

    private static final class LongValue extends Component {
        private final MethodHandle getter;

        LongValue(String name, MethodHandle getter, ValueCodec codec) {
            super(name, codec);
            this.getter = getter;
        }

        @Override
        void write(Writer out, Record record) {
            long value;
            try {
                value = (long) getter.invokeExact(record);
            } catch (Throwable t) {
                throw accessorFailed(t);
            }
            out.integer(value);
        }
    }

    private static final class FloatValue extends Component {
        private final MethodHandle getter;

        FloatValue(String name, MethodHandle getter, ValueCodec codec) {
            super(name, codec);
            this.getter = getter;
        }

        @Override
        void write(Writer out, Record record) {
            float value;
            try {
                value = (float) getter.invokeExact(record);
            } catch (Throwable t) {
                throw accessorFailed(t);
            }
            out.float32(value);
        }
    }

    private static final class DoubleValue extends Component {
        private final MethodHandle getter;

        DoubleValue(String name, MethodHandle getter, ValueCodec codec) {
            super(name, codec);
            this.getter = getter;
        }

        @Override
        void write(Writer out, Record record) {
            double value;
            try {
                value = (double) getter.invokeExact(record);
            } catch (Throwable t) {
                throw accessorFailed(t);
            }
            out.float64(value);
        }
    }
}
