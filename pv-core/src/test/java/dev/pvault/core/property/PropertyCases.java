package dev.pvault.core.property;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.opentest4j.TestAbortedException;

/**
 * What {@link Property} runs on: the cases (one {@link Gen} each, seeded from one random seed per run, or the one
 * seed {@code -Dpv.seed} names), run in a loop inside the property's one test, and the report of the first failing
 * case with the seed that replays it.
 */
/*
 * Why a loop inside one test rather than a JUnit test per case (a @ParameterizedTest, as this harness first was):
 * JUnit and surefire keep books on every test (descriptor, lifecycle, listeners, a report entry), and for cases of a
 * few milliseconds that bookkeeping was most of the run: 1,000 cases of wrappedKey_rejectsAnyFlippedBit took
 * 7.1-8.9 s through JUnit and 2.8-3.7 s in a plain loop. Looping, surefire's times for EnvelopeProperties,
 * LengthGroupsTest and ImportRoundTripProperties went from 55.7, 12.7, 14.4 s to 21.8, 1.5, 5.4 s, and from 63.0,
 * 17.2, 15.7 s to 27.2, 5.2, 9.9 s (two before/after pairs on 2 cores shared with other builds, load 9-23).
 *
 * So @Property is a plain @Test; this interceptor runs the method once per seed on the test instance JUnit made, then
 * skips JUnit's own invocation. JUnit resolves the method's parameters before any interceptor runs, hence the
 * ParameterResolver; the Gen it supplies goes to that skipped invocation only, never to a case.
 */
final class PropertyCases implements InvocationInterceptor, ParameterResolver {
    /** The system property that replays one case. */
    static final String SEED_PROPERTY = "pv.seed";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Gen.class;
    }

    @Override
    public Gen resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return new Gen(0);
    }

    @Override
    public void interceptTestMethod(
            Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
            throws Throwable {
        Method method = call.getExecutable();
        requireIndependentCases(method, context.getRequiredTestInstances().getAllInstances());
        Property property = AnnotationSupport.findAnnotation(method, Property.class)
                .orElseThrow(() -> new ExtensionConfigurationException(method + " is not a @Property"));
        Object target = call.getTarget().orElse(null);
        // A JUnit configuration parameter, and else the system property of that name (-Dpv.seed).
        long[] seeds = seeds(property.tries(), context.getConfigurationParameter(SEED_PROPERTY))
                .toArray();
        invocation.skip();
        for (int i = 0; i < seeds.length; i++) {
            Gen gen = new Gen(seeds[i]);
            try {
                ReflectionSupport.invokeMethod(method, target, gen);
            } catch (TestAbortedException aborted) {
                throw aborted;
            } catch (Throwable failure) {
                throw new AssertionError(replayHint(call.getTargetClass(), method, gen, i + 1, seeds.length), failure);
            }
        }
    }

    /** {@code tries} case seeds drawn from a fresh run seed, or only the {@code replay} seed when one is given. */
    static LongStream seeds(int tries, Optional<String> replay) {
        if (tries < 1) {
            throw new IllegalArgumentException("a property needs at least one try, not " + tries);
        }
        if (replay.isPresent()) {
            return LongStream.of(Long.parseLong(replay.get().trim()));
        }
        // Case seeds are non-negative so that the replay flag has no sign to lose in a copy and paste.
        SplittableRandom run = new SplittableRandom(new SecureRandom().nextLong());
        return LongStream.generate(() -> run.nextLong() & Long.MAX_VALUE).limit(tries);
    }

    /**
     * Fails, naming what its cases would share, a property whose method takes more than its {@link Gen} or whose test
     * instances (the class's and any enclosing {@code @Nested} ones) hold per-test state: instance fields (those
     * from {@code @TempDir} included) and {@code @BeforeEach}/{@code @AfterEach} methods. JUnit makes each once per
     * test, and all of a property's cases run in that one test.
     */
    static void requireIndependentCases(Method method, List<Object> testInstances) {
        List<String> shared = new ArrayList<>();
        if (method.getParameterCount() != 1 || method.getParameterTypes()[0] != Gen.class) {
            shared.add("its parameters other than one Gen");
        }
        for (Object instance : testInstances) {
            Class<?> type = instance.getClass();
            ReflectionSupport.findFields(
                            type,
                            field -> !Modifier.isStatic(field.getModifiers()) && !field.isSynthetic(),
                            HierarchyTraversalMode.TOP_DOWN)
                    .forEach(field -> shared.add("field " + name(field)));
            for (Class<? extends Annotation> lifecycle : List.of(BeforeEach.class, AfterEach.class)) {
                AnnotationSupport.findAnnotatedMethods(type, lifecycle, HierarchyTraversalMode.TOP_DOWN)
                        .forEach(m -> shared.add(
                                "@" + lifecycle.getSimpleName() + " " + type.getSimpleName() + "." + m.getName()));
            }
        }
        if (!shared.isEmpty()) {
            throw new ExtensionConfigurationException(
                    "property " + method.getDeclaringClass().getSimpleName() + "."
                            + method.getName() + " runs all its cases in one test instance, and they would share "
                            + String.join(", ", shared) + ": make shared values static constants and draw or build"
                            + " per-case ones in the property");
        }
    }

    private static String name(Field field) {
        return field.getDeclaringClass().getSimpleName() + "." + field.getName();
    }

    /** The first line of a failing case's report: its seed and how to run it alone. */
    static String replayHint(Class<?> testClass, Method method, Gen gen, int caseNumber, int cases) {
        return "property " + testClass.getSimpleName() + "." + method.getName() + " failed for " + gen + " (case "
                + caseNumber + " of " + cases + "); replay this case alone with -Dtest=" + testClass.getSimpleName()
                + "#" + method.getName() + " -D" + SEED_PROPERTY + "=" + gen.seed();
    }
}
