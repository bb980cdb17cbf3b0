package io.netloop.codec.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the registered types and builds their codecs: one {@link RecordCodec} per record, with a
 * method handle per accessor and one for the canonical constructor. All reflection happens here,
 * once; every problem is an {@link IllegalArgumentException} naming the type or field and the fix.
 */
final class Registration {
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    final RecordCodec[] byId;
    final Map<Class<?>, RecordCodec> byType = new HashMap<>();
    final TypeResolver resolver;

    Registration(List<Class<? extends Record>> types) {
        if (types.isEmpty()) {
            throw new IllegalArgumentException("no types registered; call register(...) with your message records");
        }
        byId = new RecordCodec[types.size()];
        for (int id = 0; id < byId.length; id++) {
            byId[id] = new RecordCodec(types.get(id), id);
            byType.put(types.get(id), byId[id]);
        }
        resolver = new TypeResolver(byType);
        for (RecordCodec r : byId) {
            define(r);
        }
        checkNames();
    }

    /**
     * The fingerprint names records and enums by their simple names, so two that share one would
     * let a field switch between them without changing it: refused.
     */
    private void checkNames() {
        Map<String, Class<?>> seen = new HashMap<>();
        for (RecordCodec r : byId) {
            distinct(seen, r.type);
        }
        for (EnumCodec e : resolver.enums()) {
            distinct(seen, e.type);
        }
    }

    private static void distinct(Map<String, Class<?>> seen, Class<?> type) {
        Class<?> other = seen.putIfAbsent(type.getSimpleName(), type);
        if (other != null) {
            throw new IllegalArgumentException(type.getName() + " and " + other.getName() + " have the same simple"
                    + " name, which the fingerprint could not tell apart; rename one");
        }
    }

    /** Checks a type passed to {@code register}, before it is added. */
    static void check(Class<?> type, List<Class<? extends Record>> registered) {
        if (type == null) {
            throw new IllegalArgumentException("register(...) was given null; pass record classes, e.g. Chat.class");
        }
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record; only records can be registered"
                    + " (declare it as record " + type.getSimpleName() + "(...))");
        }
        int earlier = registered.indexOf(type);
        if (earlier >= 0) {
            throw new IllegalArgumentException("record " + type.getName() + " is registered twice (it already has"
                    + " type id " + earlier + "); register each type once");
        }
    }

    private void define(RecordCodec r) {
        RecordComponent[] declared = r.type.getRecordComponents();
        Component[] components = new Component[declared.length];
        Class<?>[] parameters = new Class<?>[declared.length];
        for (int i = 0; i < declared.length; i++) {
            RecordComponent rc = declared[i];
            String where = r.name + "." + rc.getName();
            ValueCodec codec = resolver.resolve(rc.getGenericType(), where);
            MethodHandle accessor = unreflect(rc.getAccessor(), r.type);
            components[i] = Component.of(rc.getName(), accessor, rc.getType(), codec);
            parameters[i] = rc.getType();
        }
        r.define(components, constructor(r.type, parameters));
    }

    private static MethodHandle constructor(Class<? extends Record> type, Class<?>[] parameters) {
        Constructor<? extends Record> canonical;
        try {
            canonical = type.getDeclaredConstructor(parameters);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type.getName() + " has no canonical constructor", e);
        }
        open(canonical, type);
        try {
            MethodHandle h = LOOKUP.unreflectConstructor(canonical);
            return h.asType(MethodType.genericMethodType(parameters.length))
                    .asSpreader(Object[].class, parameters.length);
        } catch (IllegalAccessException e) {
            throw inaccessible(type, e);
        }
    }

    private static MethodHandle unreflect(Method accessor, Class<?> type) {
        open(accessor, type);
        try {
            return LOOKUP.unreflect(accessor);
        } catch (IllegalAccessException e) {
            throw inaccessible(type, e);
        }
    }

    /** Suppresses access checks, so non-public records work where the module system allows it. */
    private static void open(AccessibleObject member, Class<?> type) {
        if (!member.trySetAccessible()) {
            throw inaccessible(type, null);
        }
    }

    private static IllegalArgumentException inaccessible(Class<?> type, Exception cause) {
        String pkg = type.getPackageName();
        return new IllegalArgumentException(
                "record " + type.getName() + " is not accessible to module io.netloop.codec: make it public in an"
                        + " exported package, or open its package to the codec (opens " + pkg
                        + " to io.netloop.codec; in module-info.java)",
                cause);
    }
}
