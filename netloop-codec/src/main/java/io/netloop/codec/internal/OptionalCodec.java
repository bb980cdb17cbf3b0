package io.netloop.codec.internal;

import java.util.Optional;

/** {@code Optional<T>}: nil when empty, else the value itself. */
final class OptionalCodec extends ValueCodec {
    private final ValueCodec element;

    OptionalCodec(ValueCodec element) {
        this.element = element;
    }

    @Override
    void write(Writer out, Object value) {
        if (!(value instanceof Optional<?> optional)) {
            throw wrongType(value);
        }
        if (optional.isPresent()) {
            element.write(out, optional.get());
        } else {
            out.nil();
        }
    }

    @Override
    Object read(Reader in) {
        return in.tryNil() ? Optional.empty() : Optional.of(element.read(in));
    }

    @Override
    String typeName() {
        return "Optional<" + element.typeName() + ">";
    }

    @Override
    boolean readsNil() {
        return true;
    }
}
