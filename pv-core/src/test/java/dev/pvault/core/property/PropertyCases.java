package dev.pvault.core.property;

import java.lang.reflect.Method;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.params.provider.AnnotationBasedArgumentsProvider;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.support.ParameterDeclarations;
import org.opentest4j.TestAbortedException;

/**
 * What {@link Property} runs on: the cases (one {@link Gen} each, seeded from one random seed per run, or the one
 * seed {@code -Dpv.seed} names) and, around each case, the report of a failure with the seed that replays it.
 */
final class PropertyCases extends AnnotationBasedArgumentsProvider<Property> implements InvocationInterceptor {
    /** The system property that replays one case. */
    static final String SEED_PROPERTY = "pv.seed";

    @Override
    protected Stream<? extends Arguments> provideArguments(
            ParameterDeclarations parameters, ExtensionContext context, Property property) {
        // A JUnit configuration parameter, and else the system property of that name (-Dpv.seed).
        return seeds(property.tries(), context.getConfigurationParameter(SEED_PROPERTY))
                .mapToObj(seed -> Arguments.of(new Gen(seed)));
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

    @Override
    public void interceptTestTemplateMethod(
            Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
            throws Throwable {
        try {
            invocation.proceed();
        } catch (TestAbortedException skipped) {
            throw skipped;
        } catch (Throwable failure) {
            Optional<Gen> gen = call.getArguments().stream()
                    .filter(Gen.class::isInstance)
                    .map(Gen.class::cast)
                    .findFirst();
            if (gen.isEmpty()) {
                throw failure;
            }
            throw new AssertionError(replayHint(call.getTargetClass(), call.getExecutable(), gen.get()), failure);
        }
    }

    /** The first line of a failing case's report: its seed and how to run it alone. */
    static String replayHint(Class<?> testClass, Method method, Gen gen) {
        return "property " + testClass.getSimpleName() + "." + method.getName() + " failed for " + gen
                + "; replay this case alone with -Dtest=" + testClass.getSimpleName() + "#" + method.getName() + " -D"
                + SEED_PROPERTY + "=" + gen.seed();
    }
}
