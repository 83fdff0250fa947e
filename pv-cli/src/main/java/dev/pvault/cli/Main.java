package dev.pvault.cli;

import dev.pvault.core.InternalException;
import dev.pvault.core.UnavailableException;
import dev.pvault.core.UserException;
import dev.pvault.core.VaultException;
import dev.pvault.core.embed.EmbedderProvider;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code pvault} command line. Exit codes: 0 success, 1 a user error (one line on stderr), 2 an
 * internal error.
 */
@Command(
        name = "pvault",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Search your own chat history semantically, while no server ever holds readable messages or"
                    + " usable keys.",
            "",
            "Messages are sealed on this device, embedded by a short-lived worker that forgets them, and the"
                    + " vectors come back sealed to your key. Everything also runs on this machine alone.",
        },
        footer = {
            "",
            "Every command takes --home DIR (default ~/.pvault, or $PV_HOME) and --json.",
            "Exit codes: 0 success, 1 user error (one line on stderr), 2 internal error.",
        })
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_USER_ERROR = 1;
    public static final int EXIT_INTERNAL_ERROR = 2;

    /**
     * The commands, in the order help lists them. Only the one being run is given to picocli (and of a command
     * with sub-commands, only the sub-command being run): building the model of every command by reflection
     * took about 0.4 s of each start (measured: {@code pvault --version} 0.54-0.63 s with all registered, the
     * JVM alone 0.1 s), which every search and cold start paid.
     */
    private static final Map<String, CommandFactory> COMMANDS = commands();

    /** The commands that load an embedding model. */
    private static final Set<String> EMBEDDING_COMMANDS = Set.of("import", "search", "worker", "demo", "serve");

    private static final Set<String> NO_MODEL_OPTIONS =
            Set.of("--help", "-h", "--version", "-V", "--dry-run", "--no-wait");

    /** A command and its sub-commands by name (none for most). */
    private record CommandFactory(Supplier<Object> command, Map<String, Supplier<Object>> subcommands) {
        static CommandFactory of(Supplier<Object> command) {
            return new CommandFactory(command, Map.of());
        }

        /** The command with the sub-command {@code name} only when it is one of them, else with all. */
        CommandLine build(String name) {
            CommandLine commandLine = new CommandLine(command.get());
            if (name != null && subcommands.containsKey(name)) {
                commandLine.addSubcommand(name, subcommands.get(name).get());
            } else {
                subcommands.forEach((subName, subcommand) -> commandLine.addSubcommand(subName, subcommand.get()));
            }
            return commandLine;
        }
    }

    private static Map<String, CommandFactory> commands() {
        Map<String, CommandFactory> commands = new LinkedHashMap<>();
        commands.put("init", CommandFactory.of(InitCommand::new));
        commands.put("import", CommandFactory.of(ImportCommand::new));
        commands.put("status", CommandFactory.of(StatusCommand::new));
        commands.put("search", CommandFactory.of(SearchCommand::new));
        commands.put("dlq", CommandFactory.of(DlqCommand::new));
        commands.put("delete", CommandFactory.of(DeleteCommand::new));
        commands.put("worker", CommandFactory.of(WorkerCommand::new));
        commands.put("demo", CommandFactory.of(DemoCommand::new));
        commands.put("serve", new CommandFactory(ServeCommand::new, Map.of("token", ServeCommand.Token::new)));
        commands.put("cost", CommandFactory.of(dev.pvault.cli.cost.CostCommand::new));
        return commands;
    }

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        String logLevel = System.getenv("PV_LOG_LEVEL");
        if (logLevel != null && !logLevel.isBlank()) {
            // Before the first logger exists: slf4j-simple reads its level once.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", logLevel.strip());
        }
        if (embedsAModel(args)) {
            // Native libraries load on the other core while picocli builds the command (0.2-0.4 s of one core).
            EmbedderProvider.warmUpInBackground(Main.class.getClassLoader());
        }
        int code = run(args);
        // Some libraries (embedded servers) start non-daemon threads; the exit code must still reach the shell.
        System.exit(code);
    }

    /**
     * Whether the command line will load an embedding model: an embedding command, not asking for help, a dry
     * run or no wait, and without {@code --cache-dir} (the warm-up would put the native libraries in the
     * default cache folder, which may be the one to avoid).
     */
    static boolean embedsAModel(String[] args) {
        if (args.length == 0 || !EMBEDDING_COMMANDS.contains(args[0])) {
            return false;
        }
        return !skipsTheModel(args);
    }

    /**
     * Whether {@code args} ask for help, a dry run, no wait or their own {@code --cache-dir}: then a command
     * that embeds loads no model, or must not have the native libraries put in the default cache folder.
     */
    public static boolean skipsTheModel(String[] args) {
        return Arrays.stream(args).anyMatch(arg -> NO_MODEL_OPTIONS.contains(arg) || arg.startsWith("--cache-dir"));
    }

    /** Runs {@code pvault args} and returns the exit code, for tests and for {@link #main}. */
    public static int run(String... args) {
        return newCommandLine(args).execute(args);
    }

    /** A command line that knows every command (for help and tests). */
    static CommandLine newCommandLine() {
        return newCommandLine(new String[0]);
    }

    /** A command line for {@code args}: only their command when it is a known one, else all of them. */
    static CommandLine newCommandLine(String[] args) {
        CommandLine commandLine = new CommandLine(new Main());
        String first = args.length == 0 ? null : args[0];
        if (first != null && COMMANDS.containsKey(first)) {
            commandLine.addSubcommand(first, COMMANDS.get(first).build(args.length > 1 ? args[1] : null));
        } else {
            commandLine.addSubcommand("help", new CommandLine.HelpCommand());
            COMMANDS.forEach((name, command) -> commandLine.addSubcommand(name, command.build(null)));
        }
        return withErrorHandling(commandLine);
    }

    /**
     * Gives {@code commandLine} the exit codes and one-line errors of {@code pvault} (also for the benchmarks'
     * launcher, which is a jar of its own). Returns it.
     */
    public static CommandLine withErrorHandling(CommandLine commandLine) {
        commandLine.setExecutionExceptionHandler(Main::handleExecutionException);
        commandLine.setParameterExceptionHandler(Main::handleParameterException);
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The exit code for a vault exception: who can act on it decides (see {@link VaultException}). */
    static int exitCode(VaultException e) {
        return switch (e) {
            case UserException user -> EXIT_USER_ERROR;
            case UnavailableException unavailable -> EXIT_USER_ERROR;
            case InternalException internal -> EXIT_INTERNAL_ERROR;
        };
    }

    private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("pvault: " + e.getMessage());
        err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more.");
        return EXIT_USER_ERROR;
    }

    static int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof VaultException vault) {
            // Vault exceptions are written for people and hold no content: print the one line.
            err.println("pvault: " + vault.getMessage());
            return exitCode(vault);
        }
        // Another library's message may quote what it was parsing (a date, a number, a JSON token from a chat):
        // the type only, unless the user asks for the details.
        err.println("pvault: internal error: " + e.getClass().getName());
        if (System.getenv("PV_DEBUG") != null) {
            e.printStackTrace(err);
        } else {
            err.println("Set PV_DEBUG=1 to see the message and the stack trace.");
        }
        return EXIT_INTERNAL_ERROR;
    }
}
