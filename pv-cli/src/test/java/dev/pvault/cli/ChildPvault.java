package dev.pvault.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code pvault} in a child JVM on the test class path, so a test can kill it with SIGKILL at any
 * moment, as a user's machine might.
 */
final class ChildPvault {
    private ChildPvault() {}

    static Process start(Path logs, Map<String, String> env, List<String> jvmOptions, String... args)
            throws IOException {
        ProcessBuilder builder = builder(env, jvmOptions, args);
        File log = logs.resolve("child-" + System.nanoTime() + ".log").toFile();
        builder.redirectErrorStream(true).redirectOutput(log);
        return builder.start();
    }

    /** A child that writes stdout and stderr to files of their own, for a test to read when it needs them. */
    record Child(Process process, Path out, Path err) {
        String stdout() throws IOException {
            return Files.readString(out);
        }

        String stderr() throws IOException {
            return Files.readString(err);
        }

        /** Waits for the child to end; its exit code and what it printed. */
        CliTest.Run await(Duration timeout) throws IOException, InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("pvault did not finish in " + timeout + ": " + stderr());
            }
            return new CliTest.Run(process.exitValue(), stdout(), stderr());
        }
    }

    static Child spawn(Path logs, Map<String, String> env, String... args) throws IOException {
        return spawn(logs, env, List.of(), args);
    }

    static Child spawn(Path logs, Map<String, String> env, List<String> jvmOptions, String... args) throws IOException {
        ProcessBuilder builder = builder(env, jvmOptions, args);
        long id = System.nanoTime();
        Path out = logs.resolve("child-" + id + ".out");
        Path err = logs.resolve("child-" + id + ".err");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        return new Child(builder.start(), out, err);
    }

    /** Runs pvault in a child JVM to the end. */
    static CliTest.Run run(Path logs, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        return spawn(logs, env, args).await(Duration.ofMinutes(5));
    }

    private static ProcessBuilder builder(Map<String, String> env, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--sun-misc-unsafe-memory-access=allow");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        return builder;
    }
}
