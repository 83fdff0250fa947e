package dev.pvault.cli.cost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The monthly bill of one deployment of deploy/aws/template.yaml for a {@link Workload}: every service it
 * uses, from this build's measured figures ({@link Figures}) and the dated price table ({@link Prices}).
 *
 * <p>How the worker is billed: a job of {@link Figures#messagesPerJob()} messages takes their measured CPU time,
 * divided by the CPU share of the template's memory ({@link Deployment#vcpus()}), billed at its memory (GB-s);
 * every import that finds the worker cold starts up to {@code min(concurrency, invocations)} environments, and
 * each start is billed for its measured cold start (Lambda bills the init phase since August 2025). Free tiers
 * are account-wide: each is applied once over all lines that share it, as if nothing else in the account used it.
 */
public final class CostModel {
    /** The event source's pollers while the queue is idle, each a 20 s long poll (Lambda's SQS documentation). */
    static final int IDLE_POLLERS = 5;

    static final int LONG_POLL_SECONDS = 20;

    /** Metrics the worker publishes (JobMetrics: six names under one Model dimension). */
    static final int EMF_METRICS = 6;

    // Assumptions: no benchmark measures these; each is printed with the bill.
    static final double API_CALLS_PER_JOB = 2; // an upload URL and the job's submission
    static final double API_CALLS_PER_SEARCH = 1; // one page of new sealed vectors
    static final double API_CALLS_PER_IMPORT = 1; // the status it waits on
    static final int API_FUNCTION_MB = 512;
    static final double API_FUNCTION_SECONDS = 0.05;
    static final double LOG_BYTES_PER_INVOCATION = 400; // Lambda's START, END and REPORT lines
    static final double LOG_BYTES_PER_JOB = 1000; // the outcome line and the EMF document
    static final double KEEP_WARM_PING_SECONDS = 0.01;
    static final double IDLE_ENVIRONMENT_MINUTES = 10; // how long Lambda keeps an idle environment
    static final double ROW_OVERHEAD_BYTES = 100; // ids, model, digest, index entries per vector row
    static final double RDS_MIN_STORAGE_GB = 20;

    private final Prices prices;
    private final Figures figures;
    private final Deployment deployment;

    public CostModel(Prices prices, Figures figures, Deployment deployment) {
        this.prices = prices;
        this.figures = figures;
        this.deployment = deployment;
    }

    public static List<String> assumptions() {
        return List.of(
                "API calls: " + (int) API_CALLS_PER_JOB + " a job, " + (int) API_CALLS_PER_SEARCH + " a search, "
                        + (int) API_CALLS_PER_IMPORT + " an import; the API function at " + API_FUNCTION_MB + " MB for "
                        + (int) (API_FUNCTION_SECONDS * 1000) + " ms a call (not yet measured)",
                "logs: " + (int) LOG_BYTES_PER_INVOCATION + " bytes an invocation, " + (int) LOG_BYTES_PER_JOB
                        + " a job; kept 30 days (the template's retention)",
                "an idle environment lives " + (int) IDLE_ENVIRONMENT_MINUTES + " minutes: imports further apart"
                        + " find the worker cold; the keep-warm schedule keeps one environment",
                "SQS: " + IDLE_POLLERS + " pollers long-poll the idle queue every " + LONG_POLL_SECONDS + " s",
                "data out: every sealed vector downloaded once by one device; with OpenAI, the texts sent",
                "one Lambda vCPU does the work of one core of the measuring machine (not measured on AWS)");
    }

    public Bill bill(Workload w) {
        Map<String, Double> quantities = new LinkedHashMap<>();
        List<Bill.Line> lines = new ArrayList<>();
        double messages = w.messagesPerMonth();
        double importsPerMonth = (double) w.importsPerDay() * w.users() * Workload.DAYS_PER_MONTH;
        double messagesPerImport = messages / importsPerMonth;
        double jobsPerImport = messagesPerImport == 0 ? 0 : Math.ceil(messagesPerImport / figures.messagesPerJob());
        double jobs = jobsPerImport * importsPerMonth;
        double invocationsPerImport = Math.ceil(jobsPerImport / deployment.batchSize());
        double invocations = invocationsPerImport * importsPerMonth;
        double environmentsPerImport = Math.min(deployment.reservedConcurrency(), invocationsPerImport);
        // Imports further apart than an idle environment lives find the worker cold; closer ones, in proportion.
        double minutesBetweenImports = 24 * 60.0 / ((double) w.importsPerDay() * w.users());
        double coldShare = Math.min(1, minutesBetweenImports / IDLE_ENVIRONMENT_MINUTES);
        double coldStarts = Math.max(0, environmentsPerImport - (w.keepWarm() ? 1 : 0)) * importsPerMonth * coldShare
                + (w.keepWarm() ? 1 : 0);
        String gbs = "lambda.gb_seconds." + deployment.architecture();

        // The worker.
        add(lines, "Lambda", "worker invocations", invocations, "lambda.requests");
        add(
                lines,
                "Lambda",
                "worker compute: " + fmt(figures.lambdaSecondsPerMessage(deployment) * 1000) + " ms a message at "
                        + deployment.memoryMb() + " MB",
                messages * figures.lambdaSecondsPerMessage(deployment) * deployment.memoryGb(),
                gbs);
        add(
                lines,
                "Lambda",
                "worker cold starts: " + fmt(coldStarts) + " × " + fmt(figures.lambdaColdStartSeconds(deployment))
                        + " s",
                coldStarts * figures.lambdaColdStartSeconds(deployment) * deployment.memoryGb(),
                gbs);
        if (w.keepWarm()) {
            double pings = Workload.HOURS_PER_MONTH * 60 / deployment.keepWarmMinutes();
            add(lines, "Lambda", "keep-warm pings", pings, "lambda.requests");
            add(lines, "Lambda", "keep-warm compute", pings * KEEP_WARM_PING_SECONDS * deployment.memoryGb(), gbs);
        }
        // The API.
        double apiCalls = jobs * API_CALLS_PER_JOB
                + importsPerMonth * API_CALLS_PER_IMPORT
                + (double) w.searchesPerDay() * w.users() * Workload.DAYS_PER_MONTH * API_CALLS_PER_SEARCH;
        add(lines, "API Gateway", "HTTP API requests", apiCalls, "apigw.http.requests");
        add(lines, "Lambda", "API function invocations", apiCalls, "lambda.requests");
        add(lines, "Lambda", "API function compute", apiCalls * API_FUNCTION_SECONDS * API_FUNCTION_MB / 1024.0, gbs);
        // The queue: a send per job, a receive and a batch delete per invocation, and the idle pollers.
        String sqs = "sqs.requests.standard";
        add(lines, "SQS", "send, receive and delete", jobs + 2 * invocations, sqs);
        add(
                lines,
                "SQS",
                "empty long polls of the event source",
                IDLE_POLLERS * (3600.0 / LONG_POLL_SECONDS) * Workload.HOURS_PER_MONTH,
                sqs);
        // Sealed batches.
        add(lines, "S3", "PUT (one sealed batch a job)", jobs, "s3.put");
        add(lines, "S3", "GET (one a job)", jobs, "s3.get");
        add(
                lines,
                "S3",
                "storage of the month's batches",
                messages * figures.sealedBatchBytesPerMessage() / 1e9,
                "s3.storage");
        // Secrets: the worker keyring, the database login, the OpenAI key; each read once per new environment.
        int secrets = 2 + (w.openAi() ? 1 : 0);
        add(lines, "Secrets Manager", secrets + " secrets", secrets, "secrets.secret_months");
        add(lines, "Secrets Manager", "GetSecretValue", coldStarts * secrets, "secrets.api_calls");
        add(lines, "KMS", "Decrypt (one a secret read, AWS managed key)", coldStarts * secrets, "kms.requests");
        // The database.
        double storedGb = messages * (figures.sealedVectorBytes() + ROW_OVERHEAD_BYTES) / 1e9;
        switch (w.database()) {
            case "rds" -> {
                add(
                        lines,
                        "RDS PostgreSQL",
                        "db.t4g.micro, Single-AZ",
                        Workload.HOURS_PER_MONTH,
                        "rds.t4g_micro.hours");
                add(
                        lines,
                        "RDS PostgreSQL",
                        "gp3 storage (20 GB minimum)",
                        Math.max(RDS_MIN_STORAGE_GB, storedGb),
                        "rds.gp3.storage");
            }
            case "aurora" -> {
                add(
                        lines,
                        "Aurora PostgreSQL",
                        "Serverless v2 at its 0.5 ACU minimum",
                        0.5 * Workload.HOURS_PER_MONTH,
                        "aurora.serverless_v2.acu_hours");
                add(lines, "Aurora PostgreSQL", "storage", storedGb, "aurora.storage");
            }
            default -> {}
        }
        // Observability.
        double logGb = (invocations * LOG_BYTES_PER_INVOCATION + jobs * LOG_BYTES_PER_JOB) / 1e9;
        add(lines, "CloudWatch", "log ingestion", logGb, "cloudwatch.logs.ingestion");
        add(lines, "CloudWatch", "log storage (30 days)", logGb, "cloudwatch.logs.storage");
        add(lines, "CloudWatch", "EMF custom metrics", EMF_METRICS, "cloudwatch.metrics");
        add(lines, "CloudWatch", "alarms", deployment.alarms(), "cloudwatch.alarms");
        // Data out, and the provider.
        double outGb =
                messages * (figures.sealedVectorBytes() + (w.openAi() ? figures.utf8BytesPerMessage() : 0)) / 1e9;
        add(lines, "Data transfer", "out to the internet", outGb, "transfer.out.internet");
        if (w.openAi()) {
            String model = w.embedder().substring("openai:".length()).split("@")[0];
            add(
                    lines,
                    "OpenAI",
                    model + " tokens (" + fmt(figures.cl100kTokensPerMessage()) + " a message)",
                    messages * figures.cl100kTokensPerMessage(),
                    "openai." + model);
        }
        List<String> assumptions = new ArrayList<>(assumptions());
        if (w.openAi()) {
            assumptions.add("with OpenAI the worker's time is its wait on the API, not measured against the real API:"
                    + " its compute is priced at the local model's measured time");
        }
        return new Bill(applyFreeTiers(lines, quantities), List.copyOf(assumptions));
    }

    /** One line, priced gross; the free tier is applied afterwards, once per price. */
    private void add(List<Bill.Line> lines, String service, String item, double quantity, String priceId) {
        Prices.Price price = prices.get(priceId);
        lines.add(
                new Bill.Line(service, item, quantity, price.unit(), priceId, price.of(quantity), 0, price.freeKind()));
    }

    private List<Bill.Line> applyFreeTiers(List<Bill.Line> lines, Map<String, Double> used) {
        List<Bill.Line> priced = new ArrayList<>(lines.size());
        for (Bill.Line line : lines) {
            Prices.Price price = prices.get(line.priceId());
            double left = Math.max(0, price.freeUnits() - used.getOrDefault(line.priceId(), 0.0));
            double freeUnits = Math.min(left, line.quantity());
            used.merge(line.priceId(), freeUnits, Double::sum);
            priced.add(new Bill.Line(
                    line.service(),
                    line.item(),
                    line.quantity(),
                    line.unit(),
                    line.priceId(),
                    line.gross(),
                    price.of(freeUnits),
                    line.freeKind()));
        }
        return priced;
    }

    /**
     * The original design's scale test: 10,000 messages at the template's concurrency, from the measured time per
     * job and cold start.
     */
    public ScaleProjection scale(long messages) {
        double jobs = Math.ceil(messages / figures.messagesPerJob());
        double invocations = Math.ceil(jobs / deployment.batchSize());
        double environments = Math.min(deployment.reservedConcurrency(), invocations);
        double jobsPerEnvironment = Math.ceil(jobs / environments);
        double secondsPerJob = figures.messagesPerJob() * figures.lambdaSecondsPerMessage(deployment);
        // Jobs of one invocation run side by side on its CPU share, which the per-message time already divides by.
        double cold = figures.lambdaColdStartSeconds(deployment);
        double seconds = cold + jobsPerEnvironment * secondsPerJob;
        return new ScaleProjection(
                messages, (long) jobs, (long) environments, jobsPerEnvironment, secondsPerJob, cold, seconds);
    }

    static String fmt(double value) {
        return value >= 100 ? String.format("%,.0f", value) : String.format("%.3g", value);
    }
}
