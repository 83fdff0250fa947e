package dev.pvault.core;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value made on first use, under its own lock, so that different values can be made side by side. A
 * failure is not remembered: the next {@link #get()} tries again and reports its own error (a service that was
 * down may be up by then).
 */
public final class Lazy<T> {
    private final Supplier<T> make;
    private volatile T value;

    public Lazy(Supplier<T> make) {
        this.make = Objects.requireNonNull(make, "make");
    }

    public T get() {
        T current = value;
        if (current == null) {
            synchronized (this) {
                current = value;
                if (current == null) {
                    current = make.get();
                    value = current;
                }
            }
        }
        return current;
    }

    /** The value if it was made, else null; makes nothing. */
    public T peek() {
        return value;
    }
}
