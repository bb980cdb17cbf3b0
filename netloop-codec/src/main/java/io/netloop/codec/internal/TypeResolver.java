package io.netloop.codec.internal;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a record component's declared type into its codec, or refuses it with a message that names
 * the field and the fix. Runs at registration only.
 */
final class TypeResolver {
    private static final String SUPPORTED = "use a primitive or its box, String, byte[], a primitive array, an enum,"
            + " a registered record, or List, Set, Map or Optional of those";

    private final Map<Class<?>, RecordCodec> records;
    /** Every enum met so far, in the order first met: the fingerprint lists them in this order. */
    private final Map<Class<?>, EnumCodec> enums = new LinkedHashMap<>();

    TypeResolver(Map<Class<?>, RecordCodec> records) {
        this.records = records;
    }

    Collection<EnumCodec> enums() {
        return enums.values();
    }

    /**
     * The codec of a declared type.
     *
     * @param where the field, e.g. "Move.target", for messages
     * @throws IllegalArgumentException naming the field, the type and the fix
     */
    ValueCodec resolve(Type type, String where) {
        if (type instanceof Class<?> c) {
            return resolveClass(c, where);
        }
        if (type instanceof ParameterizedType p) {
            return resolveGeneric(p, where);
        }
        if (type instanceof WildcardType w) {
            throw refuse(
                    where,
                    "wildcard type " + w.getTypeName() + " is not supported; use the exact type, e.g. "
                            + "List<String> instead of List<? extends String>");
        }
        if (type instanceof TypeVariable<?> v) {
            throw refuse(
                    where,
                    "type variable " + v.getName() + " is not supported; registered records cannot be"
                            + " generic: declare the field with a concrete type");
        }
        if (type instanceof GenericArrayType a) {
            throw refuse(where, "array type " + a.getTypeName() + " is not supported; use a List instead");
        }
        throw refuse(where, "type " + type.getTypeName() + " is not supported; " + SUPPORTED);
    }

    private ValueCodec resolveClass(Class<?> c, String where) {
        ValueCodec codec = Scalars.of(c);
        if (codec == null) {
            codec = PrimitiveArrays.of(c);
        }
        if (codec != null) {
            return codec;
        }
        if (c.isEnum()) {
            return enums.computeIfAbsent(c, EnumCodec::new);
        }
        if (c.isRecord()) {
            RecordCodec r = records.get(c);
            if (r == null) {
                throw refuse(where, "record " + c.getSimpleName() + " is not registered; register it too");
            }
            return r;
        }
        if (c.isArray()) {
            throw refuse(
                    where,
                    "array type " + c.getSimpleName() + " is not supported; use List<"
                            + c.getComponentType().getSimpleName() + "> instead");
        }
        if (c == List.class || c == Set.class || c == Map.class || c == Optional.class) {
            throw refuse(
                    where,
                    "raw type " + c.getSimpleName() + " is not supported; give its type arguments, e.g. "
                            + c.getSimpleName() + (c == Map.class ? "<String, Integer>" : "<String>"));
        }
        throw unsupported(c, c.getName(), where);
    }

    /** The refusal of a class that is none of the supported kinds, with a hint for collection classes. */
    private static IllegalArgumentException unsupported(Class<?> c, String shown, String where) {
        for (Class<?> face : List.of(List.class, Set.class, Map.class)) {
            if (face.isAssignableFrom(c)) {
                return refuse(
                        where,
                        "type " + shown + " is not supported; declare the field as " + face.getSimpleName()
                                + " (decoded values are unmodifiable " + face.getSimpleName() + "s)");
            }
        }
        return refuse(where, "type " + shown + " is not supported; " + SUPPORTED);
    }

    private ValueCodec resolveGeneric(ParameterizedType p, String where) {
        Type raw = p.getRawType();
        Type[] args = p.getActualTypeArguments();
        if (raw == List.class) {
            return new ListCodec(resolve(args[0], where));
        }
        if (raw == Set.class) {
            return new SetCodec(hashable(resolve(args[0], where), where, "a Set element"));
        }
        if (raw == Map.class) {
            ValueCodec key = hashable(resolve(args[0], where), where, "a Map key");
            return new MapCodec(key, resolve(args[1], where));
        }
        if (raw == Optional.class) {
            ValueCodec element = resolve(args[0], where);
            if (element.readsNil()) {
                throw refuse(
                        where,
                        "Optional<Optional<...>> is not supported: nil cannot tell its two kinds of"
                                + " empty apart; use a single Optional");
            }
            return new OptionalCodec(element);
        }
        throw raw instanceof Class<?> c
                ? unsupported(c, p.getTypeName(), where)
                : refuse(where, "type " + p.getTypeName() + " is not supported; " + SUPPORTED);
    }

    private static ValueCodec hashable(ValueCodec codec, String where, String role) {
        if (!codec.hasValueEquality()) {
            throw refuse(
                    where,
                    codec.typeName() + " cannot be " + role + ": arrays compare by identity; use a"
                            + " String or a List instead");
        }
        return codec;
    }

    static IllegalArgumentException refuse(String where, String problem) {
        return new IllegalArgumentException(where + ": " + problem);
    }
}
