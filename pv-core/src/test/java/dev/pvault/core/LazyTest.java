package dev.pvault.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyTest {
    @Test
    void makesTheValueOnceOnFirstUse() {
        AtomicInteger made = new AtomicInteger();
        Lazy<String> lazy = new Lazy<>(() -> "value " + made.incrementAndGet());

        assertThat(lazy.peek()).isNull();
        assertThat(made).hasValue(0);
        assertThat(lazy.get()).isEqualTo("value 1");
        assertThat(lazy.get()).isEqualTo("value 1");
        assertThat(lazy.peek()).isEqualTo("value 1");
    }

    @Test
    void aFailureIsNotRemembered_theNextGetTriesAgain() {
        AtomicInteger attempts = new AtomicInteger();
        Lazy<String> lazy = new Lazy<>(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("down");
            }
            return "up";
        });

        assertThatThrownBy(lazy::get).hasMessage("down");
        assertThat(lazy.peek()).isNull();
        assertThat(lazy.get()).isEqualTo("up");
    }
}
