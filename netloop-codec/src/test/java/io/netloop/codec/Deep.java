package io.netloop.codec;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Exact structural equality for decoded messages: records component by component, arrays by
 * content, collections in iteration order, floats bit for bit up to NaN (as {@link Double#equals}).
 * Record equals() alone compares array components by identity.
 */
final class Deep {
    private Deep() {}

    /** The path of the first difference, or null if the two are the same. */
    static String difference(Object expected, Object actual) {
        return diff(expected, actual, "");
    }

    private static String diff(Object e, Object a, String path) {
        if (e == null || a == null) {
            return e == a ? null : path + ": " + e + " vs " + a;
        }
        if (e instanceof Record) {
            return e.getClass() == a.getClass() ? components((Record) e, (Record) a, path) : path + ": class";
        }
        if (e.getClass().isArray()) {
            return a.getClass() == e.getClass() && Arrays.deepEquals(new Object[] {e}, new Object[] {a})
                    ? null
                    : path + ": array";
        }
        if (e instanceof Collection<?> ce && a instanceof Collection<?> ca) {
            return sequence(new ArrayList<>(ce), new ArrayList<>(ca), path);
        }
        if (e instanceof Map<?, ?> me && a instanceof Map<?, ?> ma) {
            String keys = sequence(new ArrayList<>(me.keySet()), new ArrayList<>(ma.keySet()), path + ".keys");
            return keys != null ? keys : sequence(new ArrayList<>(me.values()), new ArrayList<>(ma.values()), path);
        }
        if (e instanceof Optional<?> oe && a instanceof Optional<?> oa) {
            return diff(oe.orElse(null), oa.orElse(null), path + ".get");
        }
        return e.getClass() == a.getClass() && Objects.equals(e, a) ? null : path + ": " + e + " vs " + a;
    }

    private static String sequence(List<?> e, List<?> a, String path) {
        if (e.size() != a.size()) {
            return path + ": size " + e.size() + " vs " + a.size();
        }
        for (int i = 0; i < e.size(); i++) {
            String d = diff(e.get(i), a.get(i), path + "[" + i + "]");
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    private static String components(Record e, Record a, String path) {
        for (RecordComponent c : e.getClass().getRecordComponents()) {
            try {
                c.getAccessor().setAccessible(true);
                String d = diff(c.getAccessor().invoke(e), c.getAccessor().invoke(a), path + "." + c.getName());
                if (d != null) {
                    return d;
                }
            } catch (ReflectiveOperationException x) {
                throw new AssertionError(x);
            }
        }
        return null;
    }
}
