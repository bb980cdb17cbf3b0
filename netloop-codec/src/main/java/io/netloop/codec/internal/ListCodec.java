package io.netloop.codec.internal;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** {@code List<T>}: a MessagePack array; decodes to an unmodifiable list. Null elements are refused. */
final class ListCodec extends ValueCodec {
    private final ValueCodec element;

    ListCodec(ValueCodec element) {
        this.element = element;
    }

    @Override
    void write(Writer out, Object value) {
        if (!(value instanceof List<?> list)) {
            throw wrongType(value);
        }
        Elements.write(out, list, element);
    }

    @Override
    Object read(Reader in) {
        int n = in.array("List");
        in.owe(n);
        if (n <= 2) { // List.of: one small object, where the general case costs three
            List<Object> small =
                    n == 0 ? List.of() : n == 1 ? List.of(element(in, 0)) : List.of(element(in, 0), element(in, 1));
            in.exit();
            return small;
        }
        Object[] a = new Object[n];
        int i = 0;
        try {
            for (; i < n; i++) {
                in.pay(1);
                a[i] = element.read(in);
            }
        } catch (Failure f) {
            throw f.at(i);
        }
        in.exit();
        return Collections.unmodifiableList(Arrays.asList(a));
    }

    /** Reads element {@code index}, adding it to the path of a failure. */
    private Object element(Reader in, int index) {
        in.pay(1);
        try {
            return element.read(in);
        } catch (Failure f) {
            throw f.at(index);
        }
    }

    @Override
    String typeName() {
        return "List<" + element.typeName() + ">";
    }
}
