package dev.pvault.cli.cost;

import java.util.List;

/**
 * The original design's worked example as that design priced it: Lambda only, 10,000 messages a day, "$0–0.18
 * a month" ($0 within Lambda's free tier, $0.18 without it).
 *
 * <p>The design's own inputs are not in this repository: the issue that quotes it gives the result, 10,000
 * messages a day, 10 texts per OpenAI request and 8.3 minutes for 10,000 messages. Reconstructed from those:
 * one invocation per message (300,000 a month), each as long as the design measured per message (8.3 min /
 * 10,000 = 49.8 ms), x86 prices. The one input not in the issue is the memory: 512 MB reproduces its total
 * (at 1,024 MB it would be $0.31). {@code CostModelTest} shows what it left out.
 */
public final class DesignExample {
    public static final long MESSAGES_PER_DAY = 10_000;
    public static final double SECONDS_PER_INVOCATION = 8.3 * 60 / 10_000;
    public static final int MEMORY_MB = 512;

    private DesignExample() {}

    public static Bill bill(Prices prices) {
        double invocations = MESSAGES_PER_DAY * Workload.DAYS_PER_MONTH;
        double gbSeconds = invocations * SECONDS_PER_INVOCATION * MEMORY_MB / 1024.0;
        Prices.Price requests = prices.get("lambda.requests");
        Prices.Price compute = prices.get("lambda.gb_seconds.x86_64");
        return new Bill(
                List.of(
                        new Bill.Line(
                                "Lambda",
                                "invocations",
                                invocations,
                                requests.unit(),
                                "lambda.requests",
                                requests.of(invocations),
                                requests.of(Math.min(invocations, requests.freeUnits())),
                                requests.freeKind()),
                        new Bill.Line(
                                "Lambda",
                                "compute",
                                gbSeconds,
                                compute.unit(),
                                "lambda.gb_seconds.x86_64",
                                compute.of(gbSeconds),
                                compute.of(Math.min(gbSeconds, compute.freeUnits())),
                                compute.freeKind())),
                List.of("reconstructed: one invocation per message, 49.8 ms each, 512 MB, x86"));
    }
}
