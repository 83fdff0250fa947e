package dev.pvault.core.property;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A property test: JUnit runs the method once per generated case, {@link #tries()} times, each time with a fresh
 * {@link Gen} seeded for that case. Each case is named by its seed; a failing case is reported with its seed and
 * the command line that replays exactly that case ({@code -Dpv.seed=...}). There is no shrinking: a replayed case
 * is the very input that failed.
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
 * <p>Each case is a test of its own to JUnit and in the reports (7,900 of them in the build); JUnit's own
 * bookkeeping measured 0.7-1.1 ms a case on 2 busy cores, surefire's reporting comes on top.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ParameterizedTest(name = "[{index}] {0}")
@ArgumentsSource(PropertyCases.class)
@ExtendWith(PropertyCases.class)
public @interface Property {
    /** How many cases to generate (jqwik's default, 1000, unless a property says otherwise). */
    int tries() default 1000;
}
