package dev.pvault.cli.cost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pvault.cli.CommonOptions;
import dev.pvault.cli.Main;
import dev.pvault.cli.Output;
import dev.pvault.core.InternalException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pvault cost}: what a deployment of deploy/aws/template.yaml costs a month, line by line. */
@Command(
        name = "cost",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Price a month of the AWS deployment (deploy/aws/template.yaml) for a workload: every line item, from"
                    + " this build's measured figures (pvault bench, see scripts/measure-cost-figures.sh) and a dated"
                    + " price table with its sources. Free tiers are shown apart.",
            "",
            "Also: the original design's worked example as it priced it, and its scale test projected from the"
                    + " measured time per job."
        })
public final class CostCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(
            names = "--messages-per-day",
            paramLabel = "N",
            defaultValue = "10000",
            description = "New messages a day per user (default: ${DEFAULT-VALUE}).")
    long messagesPerDay;

    @Option(names = "--users", paramLabel = "N", defaultValue = "1", description = "Users (default: ${DEFAULT-VALUE}).")
    long users;

    @Option(
            names = "--embedder",
            paramLabel = "ID",
            defaultValue = "onnx:all-minilm-l6-v2",
            description = "onnx:... embeds on the worker; openai:text-embedding-3-small[@N] or -large adds tokens"
                    + " (default: ${DEFAULT-VALUE}).")
    String embedder;

    @Option(
            names = "--region",
            paramLabel = "R",
            defaultValue = "us-east-1",
            description = "AWS region of the price table (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(
            names = "--database",
            paramLabel = "KIND",
            defaultValue = "rds",
            description = "rds (db.t4g.micro), aurora (Serverless v2 at 0.5 ACU) or none (default: ${DEFAULT-VALUE}).")
    String database;

    @Option(names = "--keep-warm", description = "With the template's keep-warm schedule (KeepWarm=true).")
    boolean keepWarm;

    @Option(
            names = "--imports-per-day",
            paramLabel = "N",
            defaultValue = "1",
            description = "Imports a day per user (default: ${DEFAULT-VALUE}).")
    int importsPerDay;

    @Option(
            names = "--searches-per-day",
            paramLabel = "N",
            defaultValue = "10",
            description = "Searches a day per user (default: ${DEFAULT-VALUE}).")
    int searchesPerDay;

    @Option(
            names = "--measure-corpus",
            paramLabel = "FILE",
            hidden = true,
            description = "Print the sizes of a corpus (scripts/measure-cost-figures.sh uses it).")
    Path measureCorpus;

    @Override
    public Integer call() {
        Output output = new Output(common);
        if (measureCorpus != null) {
            output.json(CorpusMeasurement.measure(measureCorpus));
            return Main.EXIT_OK;
        }
        Prices prices = Prices.bundled(region);
        Figures figures = Figures.bundled();
        CostModel model = new CostModel(prices, figures, Deployment.TEMPLATE);
        Workload workload =
                new Workload(messagesPerDay, users, embedder, database, keepWarm, importsPerDay, searchesPerDay);
        Bill bill = model.bill(workload);
        Bill example = DesignExample.bill(prices);
        ScaleProjection scale = model.scale(10_000);
        if (common.json()) {
            PrintWriter out = spec.commandLine().getOut();
            try {
                out.println(JSON.writeValueAsString(json(workload, prices, figures, bill, example, scale)));
            } catch (JsonProcessingException e) {
                throw new InternalException(
                        "cannot write the bill as JSON (" + e.getClass().getSimpleName() + ")");
            }
            out.flush();
        } else {
            print(spec.commandLine().getOut(), workload, prices, figures, bill, example, scale);
        }
        return Main.EXIT_OK;
    }

    static Map<String, Object> json(
            Workload w, Prices prices, Figures figures, Bill bill, Bill example, ScaleProjection scale) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("messages_per_day", w.messagesPerDay());
        json.put("users", w.users());
        json.put("embedder", w.embedder());
        json.put("region", prices.region());
        json.put("prices_looked_up", prices.lookedUp());
        json.put("figures_measured_on", figures.measuredOn());
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Bill.Line line : bill.lines()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("service", line.service());
            l.put("item", line.item());
            l.put("quantity", line.quantity());
            l.put("unit", line.unit());
            l.put("usd", cents(line.gross()));
            l.put("free_usd", cents(line.free()));
            l.put("free_kind", line.freeKind());
            l.put("source", prices.get(line.priceId()).source());
            lines.add(l);
        }
        json.put("lines", lines);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("usd", cents(bill.gross()));
        totals.put("free_always_usd", cents(bill.freeAlways()));
        totals.put("free_12_months_usd", cents(bill.free12Months()));
        totals.put("after_always_free_usd", cents(bill.netWithAlwaysFree()));
        totals.put("after_all_free_usd", cents(bill.netWithAllFreeTiers()));
        json.put("month", totals);
        json.put("assumptions", bill.assumptions());
        Map<String, Object> design = new LinkedHashMap<>();
        design.put("usd", cents(example.gross()));
        design.put("after_free_usd", cents(example.netWithAlwaysFree()));
        design.put("inputs", example.assumptions());
        json.put("design_example", design);
        Map<String, Object> projection = new LinkedHashMap<>();
        projection.put("messages", scale.messages());
        projection.put("jobs", scale.jobs());
        projection.put("environments", scale.environments());
        projection.put("seconds_per_job", round(scale.secondsPerJob()));
        projection.put("cold_start_seconds", round(scale.coldStartSeconds()));
        projection.put("projected_seconds", round(scale.projectedSeconds()));
        projection.put("design_target_seconds", ScaleProjection.DESIGN_TARGET_SECONDS);
        projection.put("design_measured_seconds", ScaleProjection.DESIGN_MEASURED_SECONDS);
        json.put("scale_test", projection);
        return json;
    }

    private static void print(
            PrintWriter out, Workload w, Prices prices, Figures figures, Bill bill, Bill example, ScaleProjection s) {
        out.printf(
                "Monthly bill: %,d messages a day × %,d users, %s, %s (prices of %s, figures of %s)%n%n",
                w.messagesPerDay(), w.users(), w.embedder(), prices.region(), prices.lookedUp(), figures.measuredOn());
        out.printf("%-18s %-52s %16s %-14s %10s %10s%n", "service", "item", "quantity", "unit", "USD", "free");
        for (Bill.Line l : bill.lines()) {
            out.printf(
                    "%-18s %-52s %16s %-14s %10.4f %10.4f%s%n",
                    l.service(),
                    l.item(),
                    CostModel.fmt(l.quantity()),
                    l.unit(),
                    l.gross(),
                    l.free(),
                    l.freeKind().equals("12-months") ? " (first year)" : "");
        }
        out.printf(
                "%nTotal %.2f USD a month; %.2f after the always-free tiers; %.2f in an eligible first year.%n",
                bill.gross(), bill.netWithAlwaysFree(), bill.netWithAllFreeTiers());
        out.println("Assumptions (not measured):");
        bill.assumptions().forEach(a -> out.println("  - " + a));
        out.printf(
                "%nThe original design's example (Lambda only): %.2f USD a month, %.2f within the free tier.%n",
                example.gross(), example.netWithAlwaysFree());
        out.printf(
                "Scale test, %,d messages: %d jobs on %d environments, %.1f s a job, %.1f s cold start:"
                        + " %.0f s projected (design target < %.0f s, design measured %.0f s).%n",
                s.messages(),
                s.jobs(),
                s.environments(),
                s.secondsPerJob(),
                s.coldStartSeconds(),
                s.projectedSeconds(),
                ScaleProjection.DESIGN_TARGET_SECONDS,
                ScaleProjection.DESIGN_MEASURED_SECONDS);
    }

    private static double cents(double usd) {
        return Math.round(usd * 10_000) / 10_000.0;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
