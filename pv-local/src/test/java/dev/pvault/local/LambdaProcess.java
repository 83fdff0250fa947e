package dev.pvault.local;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The function as Lambda's java21 runtime starts it: the deployable jar unzipped into a task root (Lambda
 * unzips a zip or jar deployment into {@code /var/task}, the working directory), and a JVM of its own running
 * the real runtime interface client ({@code AWSLambda}, on the system class path with the serializer and
 * aws-lambda-java-core, as in {@code /var/runtime/lib}) with the handler string as its argument. The JVM flags
 * are those Lambda's java17/java21 runtimes pass (heap at 85% of the memory size, serial GC, C1 only, the
 * CRaC compatibility property SnapStart's hooks go through); the function's own variables, {@code
 * JAVA_TOOL_OPTIONS} included, come from the caller, in an environment that holds nothing of the test JVM's.
 *
 * <p>Output is read line by line (stdout and stderr apart, as Lambda sends both to CloudWatch Logs), kept
 * for assertions and copied to {@code target/lambda-logs/}.
 */
final class LambdaProcess implements AutoCloseable {
    static final String HANDLER = "dev.pvault.aws.EmbedFunction::handleRequest";
    static final int MEMORY_MB = 2048;

    /** How the runtime is started: {@code on-demand} (a cold start) or {@code snap-start} (the snapshot's init). */
    enum InitType {
        ON_DEMAND("on-demand"),
        SNAP_START("snap-start");

        final String value;

        InitType(String value) {
            this.value = value;
        }
    }

    /**
     * @param jar the deployable, unzipped into the task root (default {@link #lambdaJar()})
     * @param handler the handler string ({@code _HANDLER}), as the template's {@code Handler}
     * @param functionEnv the function's variables (the template's {@code Environment}, credentials, region)
     * @param initType {@code AWS_LAMBDA_INITIALIZATION_TYPE}
     * @param systemClassPath more entries beside the runtime's own (test instrumentation), usually none
     * @param jvmFlags more flags before the main class (diagnostics such as {@code -Xlog}), usually none
     */
    record Launch(
            Path jar,
            String handler,
            Map<String, String> functionEnv,
            InitType initType,
            List<Path> systemClassPath,
            List<String> jvmFlags) {
        Launch {
            Objects.requireNonNull(jar, "jar");
            Objects.requireNonNull(handler, "handler");
            functionEnv = Map.copyOf(functionEnv);
            Objects.requireNonNull(initType, "initType");
            systemClassPath = List.copyOf(systemClassPath);
            jvmFlags = List.copyOf(jvmFlags);
        }

        static Launch onDemand(Map<String, String> functionEnv) {
            return new Launch(lambdaJar(), HANDLER, functionEnv, InitType.ON_DEMAND, List.of(), List.of());
        }

        Launch with(InitType type) {
            return new Launch(jar, handler, functionEnv, type, systemClassPath, jvmFlags);
        }

        Launch withHandler(String other) {
            return new Launch(jar, other, functionEnv, initType, systemClassPath, jvmFlags);
        }

        Launch withJar(Path other) {
            return new Launch(other, handler, functionEnv, initType, systemClassPath, jvmFlags);
        }

        Launch withSystemClassPath(Path... entries) {
            List<Path> all = new ArrayList<>(systemClassPath);
            all.addAll(List.of(entries));
            return new Launch(jar, handler, functionEnv, initType, all, jvmFlags);
        }

        Launch withJvmFlags(String... flags) {
            List<String> all = new ArrayList<>(jvmFlags);
            all.addAll(List.of(flags));
            return new Launch(jar, handler, functionEnv, initType, systemClassPath, all);
        }
    }

    private final Process process;
    private final long startNanos;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final List<Thread> readers = new ArrayList<>();

    private LambdaProcess(Process process, long startNanos, Path log) {
        this.process = process;
        this.startNanos = startNanos;
        readers.add(reader(process.getInputStream(), stdout, log, "out"));
        readers.add(reader(process.getErrorStream(), stderr, log, "err"));
    }

    /** Starts the function's process against {@code api}. */
    static LambdaProcess start(LambdaRuntimeApi api, Launch launch) {
        Path taskRoot = taskRoot(launch.jar());
        List<String> command = new ArrayList<>();
        command.add(System.getProperty(
                "pv.lambda.java",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-XX:MaxHeapSize=" + (MEMORY_MB * 1024L * 85 / 100) + "k");
        command.add("-XX:+UseSerialGC");
        command.add("-Xshare:auto");
        command.add("-XX:+TieredCompilation");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("--add-opens=java.base/java.io=ALL-UNNAMED");
        command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-XX:+ErrorFileToStderr");
        // Lambda points the runtime client at its JNI library in /var/runtime/lib/jni; without it the client
        // copies the library out of its jar on every start.
        command.add("-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + runtimeJni());
        command.addAll(launch.jvmFlags());
        command.add("-classpath");
        command.add(String.join(java.io.File.pathSeparator, runtimeClassPath(launch.systemClassPath())));
        command.add(AWSLambda.class.getName());
        command.add(launch.handler());

        ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(runtimeEnvironment(api, taskRoot, launch));
        env.putAll(launch.functionEnv());
        try {
            Path logs = Files.createDirectories(Path.of("target", "lambda-logs"));
            long startNanos = System.nanoTime();
            Process process = builder.start();
            return new LambdaProcess(process, startNanos, logs.resolve("lambda-" + process.pid() + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What Lambda's runtime sets for every function (runtime's reserved variables), pointed at {@code api}. */
    private static Map<String, String> runtimeEnvironment(LambdaRuntimeApi api, Path taskRoot, Launch launch) {
        InitType initType = launch.initType();
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("_HANDLER", launch.handler());
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "pvault-embed");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", initType == InitType.SNAP_START ? "1" : "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(MEMORY_MB));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/pvault-embed");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]00000000000000000000000000000000");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", initType.value);
        return env;
    }

    /** The runtime client's JNI library for this machine, unzipped once under {@code target/lambda-runtime/}. */
    private static synchronized Path runtimeJni() {
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch_64" : "x86_64";
        String name = "libaws-lambda-jni.linux-" + arch + ".so";
        Path target = Path.of("target", "lambda-runtime", name).toAbsolutePath();
        if (!Files.isRegularFile(target)) {
            try (ZipFile zip = new ZipFile(location(AWSLambda.class).toFile());
                    InputStream in = zip.getInputStream(zip.getEntry("jni/" + name))) {
                Files.createDirectories(target.getParent());
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return target;
    }

    /** The runtime's own jars, as Lambda's /var/runtime/lib holds them, then {@code extra}. */
    private static List<String> runtimeClassPath(List<Path> extra) {
        List<String> entries = new ArrayList<>();
        for (Class<?> type : new Class<?>[] {
            AWSLambda.class,
            com.amazonaws.services.lambda.runtime.Context.class,
            com.amazonaws.services.lambda.runtime.serialization.PojoSerializer.class,
            software.amazon.awssdk.utilslite.SdkInternalThreadLocal.class
        }) {
            entries.add(location(type).toString());
        }
        extra.forEach(path -> entries.add(path.toString()));
        return entries;
    }

    static Path location(Class<?> type) {
        try {
            return Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The deployable jar ({@code pv-aws/target/pv-aws-lambda.jar}), as a path. */
    static Path lambdaJar() {
        Path jar = Path.of(System.getProperty("pv.repo.dir", ".."), "pv-aws", "target", "pv-aws-lambda.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build pv-aws first (package)");
        }
        return jar;
    }

    /**
     * {@code jar} unzipped under {@code target/lambda-task/}, once per build of the jar (its size and time
     * name the folder): what {@code /var/task} holds.
     */
    static synchronized Path taskRoot(Path jar) {
        try {
            String version =
                    Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis();
            Path root = Path.of("target", "lambda-task", version).toAbsolutePath();
            Path done = root.resolveSibling(version + ".complete");
            if (Files.exists(done)) {
                return root;
            }
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    Path target = root.resolve(entry.getName()).normalize();
                    if (!target.startsWith(root)) {
                        throw new IOException("entry outside the task root: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Files.createFile(done);
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unzip " + jar, e);
        }
    }

    private static Thread reader(InputStream stream, List<String> lines, Path log, String name) {
        Thread thread = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                        for (String line; (line = in.readLine()) != null; ) {
                            lines.add(line);
                            synchronized (LambdaProcess.class) {
                                Files.writeString(
                                        log,
                                        name + " " + line + "\n",
                                        java.nio.file.StandardOpenOption.CREATE,
                                        java.nio.file.StandardOpenOption.APPEND);
                            }
                        }
                    } catch (IOException e) {
                        // The process ended.
                    }
                },
                "lambda-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** {@link System#nanoTime()} just before the process was started. */
    long startNanos() {
        return startNanos;
    }

    List<String> stdout() {
        return List.copyOf(stdout);
    }

    List<String> stderr() {
        return List.copyOf(stderr);
    }

    /** Both streams, for failure messages and privacy checks. */
    String output() {
        return "stdout:\n" + String.join("\n", stdout) + "\nstderr:\n" + String.join("\n", stderr);
    }

    /** The exit status, once the process ended within {@code wait}. */
    int awaitExit(Duration wait) {
        try {
            if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the function's process is still running after " + wait + "\n" + output());
            }
            for (Thread reader : readers) {
                reader.join(wait.toMillis());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The process's CPU time so far, user and system, in ms (Linux; 10 ms steps). */
    long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // Fields after the command name (which is in parentheses and may hold spaces): utime is the 12th.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 10;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Ends the process as Lambda ends an environment it no longer needs (SIGKILL: no shutdown hook runs). */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
