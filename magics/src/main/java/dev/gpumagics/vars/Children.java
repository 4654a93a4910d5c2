package dev.gpumagics.vars;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The objects one object refers to, as far as finding tensors goes: elements of arrays, collections and
 * maps, the value of an Optional, and the fields of records and plain objects. JDK internals are not
 * entered (their fields are closed to reflection and hold no tensors), nor are JavaCPP objects, whose
 * fields are native addresses.
 */
final class Children {

    private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            return referenceFields(type);
        }
    };

    private Children() {}

    /** True for values that can never lead to a tensor, so the walk need not ask libtorch about them. */
    static boolean isLeaf(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Character || value instanceof Enum<?> || value instanceof Class<?>
                || value instanceof ClassLoader || value instanceof Thread;
    }

    /**
     * Calls {@code sink} with each child; false when a collection's elements could not all be read (it
     * changed under the walk, or the notebook's own collection class threw): then its fields are walked
     * instead, so that one faulty class spoils neither its own fields nor any other variable's scan.
     */
    static boolean forEach(Object value, Consumer<Object> sink) {
        Class<?> type = value.getClass();
        if (type.isArray()) {
            if (!type.getComponentType().isPrimitive()) {
                int length = Array.getLength(value);
                for (int i = 0; i < length; i++) {
                    sink.accept(Array.get(value, i));
                }
            }
            return true;
        }
        try {
            if (value instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    sink.accept(entry.getKey());
                    sink.accept(entry.getValue());
                }
                return true;
            }
            if (value instanceof Collection<?> collection) {
                collection.forEach(sink);
                return true;
            }
        } catch (RuntimeException e) {
            // ConcurrentModificationException, or whatever a notebook's own Map or Collection throws
            fields(value, sink);
            return false;
        }
        if (value instanceof Optional<?> optional) {
            optional.ifPresent(sink);
            return true;
        }
        fields(value, sink);
        return true;
    }

    private static void fields(Object value, Consumer<Object> sink) {
        for (Field field : FIELDS.get(value.getClass())) {
            try {
                sink.accept(field.get(value));
            } catch (IllegalAccessException e) {
                // opened in referenceFields; a field that still refuses holds nothing we could free
            }
        }
    }

    private static Field[] referenceFields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && !isClosed(c); c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
                    continue;
                }
                try {
                    field.setAccessible(true);
                    fields.add(field);
                } catch (RuntimeException e) {
                    // InaccessibleObjectException: a named module that does not open this package
                }
            }
        }
        return fields.toArray(Field[]::new);
    }

    /** Classes whose fields the walk does not enter. */
    private static boolean isClosed(Class<?> type) {
        String name = type.getName();
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                || name.startsWith("sun.") || name.startsWith("com.sun.") || name.startsWith("org.bytedeco.");
    }
}
