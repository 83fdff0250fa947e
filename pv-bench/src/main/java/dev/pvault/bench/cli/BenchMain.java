package dev.pvault.bench.cli;

import dev.pvault.cli.Main;
import dev.pvault.core.embed.EmbedderProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code pvault bench}: the benchmarks' own launcher. The product's jar carries none of them (nor JMH or
 * LangChain4j, their peer to compare against): the {@code pvault} script runs this jar for {@code pvault bench
 * ...}, with the same exit codes and error lines as the product ({@link Main#withErrorHandling}).
 */
public final class BenchMain {
    /** The sub-commands of {@code bench}; only the one being run is built (start-up time, as in {@link Main}). */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private BenchMain() {}

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("embed", BenchCommand.Embed::new);
        commands.put("sts", BenchCommand.Sts::new);
        commands.put("pipeline", PipelineCommand::new);
        return commands;
    }

    /** Takes the whole command line, {@code bench} first, as {@code pvault} was given it. */
    public static void main(String[] args) {
        if (args.length > 1 && SUBCOMMANDS.containsKey(args[1]) && !Main.skipsTheModel(args)) {
            // As the product does: native libraries load on the other core while picocli builds the command.
            EmbedderProvider.warmUpInBackground(BenchMain.class.getClassLoader());
        }
        System.exit(run(args));
    }

    /** Runs {@code pvault bench ...} and returns the exit code. */
    public static int run(String... args) {
        return newCommandLine(args).execute(args);
    }

    /** {@code pvault} with the {@code bench} command: only the sub-command named in {@code args} when known. */
    static CommandLine newCommandLine(String... args) {
        CommandLine bench = new CommandLine(new BenchCommand());
        String name = args.length > 1 ? args[1] : null;
        if (name != null && SUBCOMMANDS.containsKey(name)) {
            bench.addSubcommand(name, SUBCOMMANDS.get(name).get());
        } else {
            SUBCOMMANDS.forEach((subName, command) -> bench.addSubcommand(subName, command.get()));
        }
        CommandLine root = new CommandLine(new Root());
        root.addSubcommand("bench", bench);
        return Main.withErrorHandling(root);
    }

    @Command(name = "pvault", mixinStandardHelpOptions = true, description = "personal-vault benchmarks.")
    static final class Root implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }
}
