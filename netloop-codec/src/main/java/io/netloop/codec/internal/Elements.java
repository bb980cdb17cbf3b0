package io.netloop.codec.internal;

import java.util.Collection;

/** Writing the elements of a list or set, shared by both. */
final class Elements {
    private Elements() {}

    /** Writes a collection as an array, refusing null elements and a size that changes under it. */
    static void write(Writer out, Collection<?> collection, ValueCodec element) {
        int n = collection.size();
        out.array(n);
        int i = 0;
        try {
            for (Object e : collection) {
                if (i == n) {
                    throw changed(n);
                }
                if (e == null) {
                    throw Writer.fail("null element: lists, sets and maps cannot hold null");
                }
                element.write(out, e);
                i++;
            }
        } catch (Failure f) {
            throw f.at(i);
        }
        if (i != n) {
            throw changed(n);
        }
        out.exit();
    }

    /** The failure for a collection whose size() disagrees with its iterator (changed by another thread?). */
    static Failure changed(int size) {
        return Writer.fail("the collection changed while it was encoded (size() said " + size + ")");
    }

    /** A hash table capacity that holds {@code n} entries without rehashing. */
    static int capacity(int n) {
        return (int) Math.min(1 << 30, (long) n * 4 / 3 + 1);
    }
}
