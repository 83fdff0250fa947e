package dev.pvault.cli.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CostModelTest {
    private static final Prices PRICES = Prices.bundled("us-east-1");

    /** Figures in the form the script writes: 10,000 messages, 40 jobs, 100 s of CPU; a 3 CPU-second cold start. */
    static Figures figures() throws Exception {
        String json = """
                {"measured_on": "2026-12-02", "command": "test", "machine": {"cores": 2},
                 "pipeline": {"messages": 10000, "jobs": 40, "workers": 2, "seconds_to_searchable": 80.0},
                 "pipeline_process": {"cpu_seconds": 100.0},
                 "cold_start": {"cold_start_ms": 9000}, "cold_start_process": {"cpu_seconds": 3.0},
                 "corpus": {"messages": 10000, "cl100k_tokens": 150000, "utf8_bytes": 600000,
                            "sealed_batch_bytes": 1200000, "sealed_vector_bytes": 1600}}
                """;
        return Figures.parse(new ObjectMapper().readTree(json));
    }

    private static Set<String> services(Bill bill) {
        return bill.lines().stream().map(Bill.Line::service).collect(Collectors.toSet());
    }

    @Test
    void designExample_isReproducedAsTheDesignPricedIt() {
        Bill example = DesignExample.bill(PRICES);

        assertThat(Math.round(example.gross() * 100) / 100.0).isEqualTo(0.18); // "$0.18" without the free tier
        assertThat(example.netWithAlwaysFree()).isEqualTo(0.0); // "$0" within Lambda's free tier
        assertThat(services(example)).containsExactly("Lambda");
    }

    @Test
    void designExample_leftOutEveryServiceButLambda_andTheyCostMore() throws Exception {
        CostModel model = new CostModel(PRICES, figures(), Deployment.TEMPLATE);
        // The design embedded with OpenAI: price that too.
        Bill full = model.bill(Workload.of(10_000, 1, "openai:text-embedding-3-small"));
        Bill example = DesignExample.bill(PRICES);

        assertThat(services(full))
                .contains(
                        "Lambda",
                        "SQS",
                        "S3",
                        "Secrets Manager",
                        "KMS",
                        "API Gateway",
                        "RDS PostgreSQL",
                        "CloudWatch",
                        "Data transfer",
                        "OpenAI");
        // What no free tier covers: the database, the secrets and the tokens.
        assertThat(full.sum("RDS PostgreSQL")).isGreaterThan(10);
        assertThat(full.sum("Secrets Manager")).isGreaterThanOrEqualTo(3 * 0.40);
        assertThat(full.sum("OpenAI")).isCloseTo(300_000 * 15 * 0.02 / 1e6, within(1e-9));
        // The example fits far under the design's own $5 billing alarm; the whole system past its first year
        // does not.
        assertThat(example.gross()).isLessThan(5);
        assertThat(full.netWithAlwaysFree()).isGreaterThan(5);
    }

    @Test
    void worker_isBilledFromTheMeasuredTimeAtTheTemplatesCpuShare() throws Exception {
        Figures f = figures();
        CostModel model = new CostModel(PRICES, f, Deployment.TEMPLATE);
        Bill bill = model.bill(Workload.of(10_000, 1, "onnx:all-minilm-l6-v2"));

        // 100 CPU-seconds / 10,000 = 10 ms of a core a message; 2,048 MB is 1.158 vCPU.
        double secondsPerMessage = 0.010 / (2048 / 1769.0);
        assertThat(f.lambdaSecondsPerMessage(Deployment.TEMPLATE)).isCloseTo(secondsPerMessage, within(1e-12));
        Bill.Line compute = bill.lines().stream()
                .filter(l -> l.item().startsWith("worker compute"))
                .findFirst()
                .orElseThrow();
        assertThat(compute.quantity()).isCloseTo(300_000 * secondsPerMessage * 2, within(1e-6));
        // One import a day of 40 jobs: 4 invocations of 10, so 4 cold environments, each 3 CPU-seconds at 1.158
        // vCPU, billed at 2 GB.
        Bill.Line cold = bill.lines().stream()
                .filter(l -> l.item().startsWith("worker cold starts"))
                .findFirst()
                .orElseThrow();
        assertThat(cold.quantity()).isCloseTo(4 * 30 * (3.0 / (2048 / 1769.0)) * 2, within(1e-9));
    }

    @Test
    void freeTiers_areAppliedOnceOverTheLinesThatShareThem() throws Exception {
        CostModel model = new CostModel(PRICES, figures(), Deployment.TEMPLATE);
        Bill bill = model.bill(Workload.of(1_000_000, 1_000, "onnx:all-minilm-l6-v2"));

        for (String id : Set.of("lambda.requests", "lambda.gb_seconds.x86_64", "sqs.requests.standard")) {
            double freeUsd = bill.lines().stream()
                    .filter(l -> l.priceId().equals(id))
                    .mapToDouble(Bill.Line::free)
                    .sum();
            Prices.Price price = PRICES.get(id);
            assertThat(freeUsd).as(id).isCloseTo(price.of(price.freeUnits()), within(1e-9));
        }
        assertThat(bill.lines()).allSatisfy(l -> assertThat(l.free()).isLessThanOrEqualTo(l.gross() + 1e-12));
    }

    @Test
    void users_multiplyWhatScalesAndLeaveTheFixedCosts() throws Exception {
        CostModel model = new CostModel(PRICES, figures(), Deployment.TEMPLATE);
        Bill one = model.bill(Workload.of(10_000, 1, "onnx:all-minilm-l6-v2"));
        Bill many = model.bill(Workload.of(10_000, 1_000, "onnx:all-minilm-l6-v2"));

        assertThat(many.lines())
                .filteredOn(l -> l.item().startsWith("db.t4g.micro"))
                .singleElement()
                .satisfies(l -> assertThat(l.gross()).isCloseTo(730 * 0.016, within(1e-9)));
        assertThat(many.sum("RDS PostgreSQL")).isGreaterThan(one.sum("RDS PostgreSQL")); // its storage grows
        assertThat(many.sum("Secrets Manager") - one.sum("Secrets Manager")).isLessThan(1);
        double oneCompute = one.lines().get(1).gross();
        assertThat(many.lines().get(1).gross()).isCloseTo(1_000 * oneCompute, within(1e-6));
        assertThat(many.gross()).isGreaterThan(one.gross());
    }

    @Test
    void keepWarm_isPricedAndSparesACold() throws Exception {
        CostModel model = new CostModel(PRICES, figures(), Deployment.TEMPLATE);
        Workload plain = Workload.of(10_000, 1, "onnx:all-minilm-l6-v2");
        Bill cold = model.bill(plain);
        Bill warm = model.bill(plain.withKeepWarm(true));

        assertThat(warm.lines()).anySatisfy(l -> assertThat(l.item()).isEqualTo("keep-warm pings"));
        Bill.Line pings = warm.lines().stream()
                .filter(l -> l.item().equals("keep-warm pings"))
                .findFirst()
                .orElseThrow();
        assertThat(pings.quantity()).isEqualTo(730 * 60 / 5.0);
        assertThat(warm.sum("Secrets Manager")).isLessThan(cold.sum("Secrets Manager"));
    }

    @Test
    void aurora_costsItsMinimumCapacityAllMonth() throws Exception {
        CostModel model = new CostModel(PRICES, figures(), Deployment.TEMPLATE);
        Bill bill = model.bill(Workload.of(10_000, 1, "onnx:all-minilm-l6-v2").withDatabase("aurora"));
        assertThat(bill.sum("Aurora PostgreSQL")).isGreaterThan(0.5 * 730 * 0.12);
        assertThat(services(bill)).doesNotContain("RDS PostgreSQL");
    }

    @Test
    void scaleTest_isProjectedFromTheMeasuredTimePerJob() throws Exception {
        CostModel model = new CostModel(PRICES, figures(), Deployment.TEMPLATE);
        ScaleProjection p = model.scale(10_000);

        // 40 jobs in batches of 10: 4 environments of 10 jobs, 250 messages a job.
        assertThat(p.jobs()).isEqualTo(40);
        assertThat(p.environments()).isEqualTo(4);
        double perJob = 250 * 0.010 / (2048 / 1769.0);
        assertThat(p.secondsPerJob()).isCloseTo(perJob, within(1e-9));
        assertThat(p.projectedSeconds()).isCloseTo(3.0 / (2048 / 1769.0) + 10 * perJob, within(1e-9));
    }

    @Test
    void theBundledFiguresAndPrices_giveABillWithEveryLine() {
        CostModel model = new CostModel(PRICES, Figures.bundled(), Deployment.TEMPLATE);
        Bill bill = model.bill(Workload.of(10_000, 1, "openai:text-embedding-3-small"));
        assertThat(bill.lines()).allSatisfy(l -> {
            assertThat(l.gross()).isNotNegative().isFinite();
            assertThat(PRICES.get(l.priceId()).source()).isNotBlank();
        });
        assertThat(Figures.bundled().coreSecondsPerMessage()).isPositive();
    }
}
