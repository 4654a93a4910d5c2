package dev.gpumagics.kernel;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The notebook variables that {@code %gpufree} set to null, for as long as they stay null, so that a
 * later use of one can say why it is null. Known by the snippet field JShell keeps each variable in, which
 * is also how a NullPointerException's message names it ({@code "REPL.$JShell$12.x"}).
 */
final class FreedVariables {

    private final Map<String, Field> freed = new ConcurrentHashMap<>();

    /** {@code %gpufree} set this variable's field to null. */
    void cleared(Field field) {
        freed.put(key(field.getDeclaringClass().getName(), field.getName()), field);
    }

    /** The variable was given a value by other means than a free. */
    void assigned(Field field) {
        freed.remove(key(field.getDeclaringClass().getName(), field.getName()));
    }

    /**
     * Forgets the variables the notebook has given a value since they were freed. Called after every snippet,
     * so only a snippet that assigns a freed variable and then sets it to null itself goes unnoticed.
     */
    void forgetReassigned() {
        freed.values().removeIf(field -> !isNull(field));
    }

    /** Whether the variable in {@code className.fieldName} is null because {@code %gpufree} freed it. */
    boolean wasFreed(String className, String fieldName) {
        Field field = freed.get(key(className, fieldName));
        return field != null && isNull(field);
    }

    private static boolean isNull(Field field) {
        try {
            return field.get(null) == null;
        } catch (IllegalAccessException | LinkageError e) {
            return false; // unreadable now: then nothing is claimed about it
        }
    }

    private static String key(String className, String fieldName) {
        return className + "." + fieldName;
    }
}
