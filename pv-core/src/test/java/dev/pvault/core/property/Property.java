package dev.pvault.core.property;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A property test: one JUnit test that runs the method {@link #tries()} times in a loop, each case with a fresh
 * {@link Gen} seeded for that case. The first failing case stops the test, which fails with that case's seed and the
 * command line that replays exactly that case ({@code -Dpv.seed=...}). There is no shrinking: a replayed case is the
 * very input that failed.
 *
 * <pre>{@code
 * @Property(tries = 500)
 * void parse_roundTrips(Gen gen) {
 *     String text = gen.string(0, 80, 'a', 'z');
 *     ...
 * }
 * }</pre>
 *
 * <p>Seeds are new on every run (as jqwik's were), so repeated runs cover new ground; set {@code pv.seed} (a
 * system property or a JUnit configuration parameter) to run one known case instead, for example
 * {@code ./mvnw -pl pv-core test -Dtest=EnvelopeProperties#batch_roundTripsAnyMessages -Dpv.seed=123}.
 *
 * <p>All cases of a property run in one test instance, so the method takes one {@link Gen} and nothing else, and
 * its class has no instance fields and no {@code @BeforeEach} or {@code @AfterEach} methods: JUnit would make those
 * once for every case to share. A property that breaks this rule fails before its first case, naming what would be
 * shared. Static constants are shared as before (they always were); draw anything a case may change in its body. A
 * failed assumption aborts the whole property: draw only valid input (see {@link Gen#until}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(PropertyCases.class)
public @interface Property {
    /** How many cases to generate (jqwik's default, 1000, unless a property says otherwise). */
    int tries() default 1000;
}
