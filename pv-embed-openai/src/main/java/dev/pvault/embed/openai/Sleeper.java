package dev.pvault.embed.openai;

import java.time.Duration;

/** Waits between tries; tests pass one that moves their clock instead. */
@FunctionalInterface
interface Sleeper {
    Sleeper REAL = duration -> Thread.sleep(duration);

    void sleep(Duration duration) throws InterruptedException;
}
