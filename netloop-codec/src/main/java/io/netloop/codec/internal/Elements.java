package io.netloop.codec.internal;

import java.util.Arrays;
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
        } catch (RuntimeException x) {
            throw threw(x).at(i);
        }
        if (i != n) {
            throw changed(n);
        }
        out.exit();
    }

    /** The failure for a collection whose iterator threw, such as a ConcurrentModificationException. */
    static Failure threw(RuntimeException x) {
        return new Failure("the collection threw " + x + " while it was encoded (changed by another thread?)", -1, x);
    }

    /** The failure for a collection whose size() disagrees with its iterator (changed by another thread?). */
    static Failure changed(int size) {
        return Writer.fail("the collection changed while it was encoded (size() said " + size + ")");
    }

    /**
     * The most elements of one set, or keys of one map, that may share a hashCode. Equal hash codes
     * of keys that are not Comparable (records, lists, sets, maps, Optionals) make every insertion
     * into the hash table scan all of them, so n of them cost n * n / 2 equals() calls: a sender
     * choosing its records' fields could otherwise keep a thread busy for seconds per message.
     */
    static final int MAX_SAME_HASH = 256;

    /**
     * Fails if more than {@link #MAX_SAME_HASH} of {@code keys[0, n)} share a hashCode, before they
     * go into a hash table. Costs nothing for small collections, an int[n] and a sort for others.
     *
     * @param what "Set element" or "Map key", for the message
     */
    static void checkHashes(Object[] keys, int n, Reader in, String what) {
        if (n <= MAX_SAME_HASH) {
            return;
        }
        int[] hashes = new int[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = hashCode(keys[i], in);
        }
        Arrays.sort(hashes);
        int run = 1;
        for (int i = 1; i < n; i++) {
            run = hashes[i] == hashes[i - 1] ? run + 1 : 1;
            if (run > MAX_SAME_HASH) {
                throw in.fail("more than " + MAX_SAME_HASH + " " + what + "s share the hashCode " + hashes[i]
                        + ", which would make building the " + what.substring(0, 3) + " quadratic");
            }
        }
    }

    /** A key's hashCode, turning an exception from it into a failure. */
    static int hashCode(Object key, Reader in) {
        try {
            return key.hashCode();
        } catch (RuntimeException x) {
            throw in.fail("hashCode of " + key.getClass().getSimpleName() + " threw " + x, x);
        }
    }

    /** A hash table capacity that holds {@code n} entries without rehashing. */
    static int capacity(int n) {
        return (int) Math.min(1 << 30, (long) n * 4 / 3 + 1);
    }
}
