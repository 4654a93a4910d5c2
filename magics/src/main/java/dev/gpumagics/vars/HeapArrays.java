package dev.gpumagics.vars;

/**
 * The Java heap an array takes, counted from below: its elements only (length times the element's size),
 * a reference counted at 4 bytes (compressed references, the JVM's default under 32 GiB of heap). The
 * array's header and the objects its references lead to are left out, so the figure never claims more
 * than the heap gives back once nothing refers to the array.
 */
final class HeapArrays {

    private HeapArrays() {}

    static long payloadBytes(Object array) {
        Class<?> element = array.getClass().getComponentType();
        long length = java.lang.reflect.Array.getLength(array);
        return length * elementBytes(element);
    }

    private static int elementBytes(Class<?> element) {
        if (element == long.class || element == double.class) {
            return 8;
        }
        if (element == int.class || element == float.class) {
            return 4;
        }
        if (element == short.class || element == char.class) {
            return 2;
        }
        if (element == byte.class || element == boolean.class) {
            return 1;
        }
        return 4;
    }
}
