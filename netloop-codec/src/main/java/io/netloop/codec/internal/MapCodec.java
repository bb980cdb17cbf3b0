package io.netloop.codec.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code Map<K, V>}: a MessagePack map in the map's iteration order; decodes to an unmodifiable map
 * that keeps the wire order. A duplicate key on the wire is refused, as are null keys and values.
 */
final class MapCodec extends ValueCodec {
    private final ValueCodec key;
    private final ValueCodec value;

    MapCodec(ValueCodec key, ValueCodec value) {
        this.key = key;
        this.value = value;
    }

    @Override
    void write(Writer out, Object object) {
        if (!(object instanceof Map<?, ?> map)) {
            throw wrongType(object);
        }
        int n = map.size();
        out.map(n);
        int i = 0;
        try {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (i == n) {
                    throw Elements.changed(n);
                }
                writeEntry(out, e.getKey(), key, i, ".key");
                writeEntry(out, e.getValue(), value, i, ".value");
                i++;
            }
        } catch (Failure f) {
            throw f;
        } catch (RuntimeException x) {
            throw Elements.threw(x).at(i);
        }
        if (i != n) {
            throw Elements.changed(n);
        }
        out.exit();
    }

    @Override
    Object read(Reader in) {
        int n = in.map("Map");
        in.owe(2L * n);
        if (n == 0) {
            in.exit();
            return Map.of();
        }
        Object[] keys = new Object[n];
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            in.pay(1);
            keys[i] = readEntry(in, key, i, ".key");
            in.pay(1);
            values[i] = readEntry(in, value, i, ".value");
        }
        Elements.checkHashes(keys, n, in, "Map key");
        Map<Object, Object> map = new LinkedHashMap<>(Elements.capacity(n));
        for (int i = 0; i < n; i++) {
            if (put(map, keys[i], values[i], in) != null) {
                throw in.fail("duplicate key in a Map").at(".key").at(i);
            }
        }
        in.exit();
        return Collections.unmodifiableMap(map);
    }

    @Override
    String typeName() {
        return "Map<" + key.typeName() + ", " + value.typeName() + ">";
    }

    private static void writeEntry(Writer out, Object part, ValueCodec codec, int i, String which) {
        try {
            if (part == null) {
                throw Writer.fail("null " + which.substring(1) + ": lists, sets and maps cannot hold null");
            }
            codec.write(out, part);
        } catch (Failure f) {
            throw f.at(which).at(i);
        }
    }

    private static Object readEntry(Reader in, ValueCodec codec, int i, String which) {
        try {
            return codec.read(in);
        } catch (Failure f) {
            throw f.at(which).at(i);
        }
    }

    /** Puts, turning an exception from the key's own hashCode or equals into a failure. */
    private static Object put(Map<Object, Object> map, Object k, Object v, Reader in) {
        try {
            return map.put(k, v);
        } catch (RuntimeException x) {
            throw in.fail("hashCode or equals of " + k.getClass().getSimpleName() + " threw " + x, x);
        }
    }
}
