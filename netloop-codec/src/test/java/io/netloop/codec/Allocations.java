package io.netloop.codec;

import java.lang.reflect.Method;

/**
 * Bytes allocated by the current thread, from HotSpot's {@code
 * com.sun.management.ThreadMXBean#getThreadAllocatedBytes}. Reached by reflection: the tests run
 * inside module io.netloop.codec, which does not read java.management, and reflection needs no
 * readability.
 */
final class Allocations {
    private static final Object BEAN;
    private static final Method ALLOCATED;
    /** What one measurement itself costs, subtracted from every result. */
    private static final long OVERHEAD;

    static {
        try {
            BEAN = Class.forName("java.lang.management.ManagementFactory")
                    .getMethod("getThreadMXBean")
                    .invoke(null);
            ALLOCATED =
                    Class.forName("com.sun.management.ThreadMXBean").getMethod("getThreadAllocatedBytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 1000; i++) {
            min = Math.min(min, measureRaw(() -> {}));
        }
        OVERHEAD = min;
    }

    private Allocations() {}

    /** Bytes allocated by this thread while {@code task} ran. */
    static long of(Runnable task) {
        return Math.max(0, measureRaw(task) - OVERHEAD);
    }

    private static long measureRaw(Runnable task) {
        long before = allocated();
        task.run();
        return allocated() - before;
    }

    private static long allocated() {
        try {
            return (Long) ALLOCATED.invoke(BEAN, Thread.currentThread().getId());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
