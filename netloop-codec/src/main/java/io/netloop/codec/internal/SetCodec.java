package io.netloop.codec.internal;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code Set<T>}: a MessagePack array in the set's iteration order; decodes to an unmodifiable set
 * that keeps the wire order. A duplicate element on the wire is refused, as is a null one.
 */
final class SetCodec extends ValueCodec {
    private final ValueCodec element;

    SetCodec(ValueCodec element) {
        this.element = element;
    }

    @Override
    void write(Writer out, Object value) {
        if (!(value instanceof Set<?> set)) {
            throw wrongType(value);
        }
        Elements.write(out, set, element);
    }

    @Override
    Object read(Reader in) {
        int n = in.array("Set");
        in.owe(n);
        if (n == 0) {
            in.exit();
            return Set.of();
        }
        Object[] elements = new Object[n];
        int i = 0;
        try {
            for (; i < n; i++) {
                in.pay(1);
                elements[i] = element.read(in);
            }
        } catch (Failure f) {
            throw f.at(i);
        }
        Elements.checkHashes(elements, n, in, "Set element");
        Set<Object> set = new LinkedHashSet<>(Elements.capacity(n));
        for (i = 0; i < n; i++) {
            if (!add(set, elements[i], in)) {
                throw in.fail("duplicate element in a Set").at(i);
            }
        }
        in.exit();
        return Collections.unmodifiableSet(set);
    }

    @Override
    String typeName() {
        return "Set<" + element.typeName() + ">";
    }

    /** Adds, turning an exception from the element's own hashCode or equals into a failure. */
    private static boolean add(Set<Object> set, Object e, Reader in) {
        try {
            return set.add(e);
        } catch (RuntimeException x) {
            throw in.fail("hashCode or equals of " + e.getClass().getSimpleName() + " threw " + x, x);
        }
    }
}
