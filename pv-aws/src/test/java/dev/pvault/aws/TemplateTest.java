package dev.pvault.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * deploy/aws/template.yaml agrees with the code: the handler class exists and is this one, every variable
 * the function is given is one {@link WorkerConfig} reads (and the required ones are there), and the
 * timeouts relate as Lambda and SQS require. Intrinsic functions (!Ref, !If) are read as their arguments.
 */
class TemplateTest {
    /** Variables the function gets that are not WorkerConfig's: read by the embedder module or libraries. */
    private static final Set<String> LIBRARY_VARIABLES = Set.of(
            "PV_CACHE_DIR",
            "JAVA_TOOL_OPTIONS",
            // The OpenAI key's secret, for CachedSecret (set only when Embedder is openai:...).
            "PV_OPENAI_KEY_SECRET_ID");

    private static final Path TEMPLATE =
            Path.of(System.getProperty("pv.repo.dir", ".."), "deploy", "aws", "template.yaml");

    private final JsonNode template = read();
    private final JsonNode resources = template.path("Resources");
    private final JsonNode function = resources.path("EmbedFunction").path("Properties");

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(TEMPLATE));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + TEMPLATE.toAbsolutePath(), e);
        }
    }

    @Test
    void handler_isEmbedFunction() throws Exception {
        assertThat(resources.path("EmbedFunction").path("Type").asText()).isEqualTo("AWS::Serverless::Function");
        String handler = function.path("Handler").asText();
        assertThat(handler).isEqualTo(EmbedFunction.class.getName() + "::handleRequest");
        assertThat(Class.forName(handler.substring(0, handler.indexOf("::"))).getConstructor())
                .isNotNull();
        assertThat(function.path("Runtime").asText()).isEqualTo("java21");
        assertThat(function.path("CodeUri").asText()).isEqualTo("../../pv-aws/target/pv-aws-lambda.jar");
    }

    @Test
    void architecture_isAParameter_x86ByDefault_arm64Allowed() {
        JsonNode parameter = template.path("Parameters").path("Architecture");
        assertThat(parameter.path("Default").asText()).isEqualTo("x86_64");
        assertThat(parameter.path("AllowedValues").toString()).isEqualTo("[\"x86_64\",\"arm64\"]");
        // !Ref Architecture reads as its argument.
        assertThat(function.path("Architectures").toString()).isEqualTo("[\"Architecture\"]");
        assertThat(resources
                        .path("MigrateFunction")
                        .path("Properties")
                        .path("Architectures")
                        .toString())
                .isEqualTo("[\"Architecture\"]");
    }

    @Test
    void snapStart_onPublishedVersions_behindAnAlias() {
        assertThat(function.path("AutoPublishAlias").asText()).isNotBlank();
        assertThat(function.path("SnapStart").path("ApplyOn").asText()).isEqualTo("SnapStart");
        JsonNode parameter = template.path("Parameters").path("SnapStart");
        assertThat(parameter.path("Default").asText()).isEqualTo("PublishedVersions");
        assertThat(parameter.path("AllowedValues").toString()).isEqualTo("[\"PublishedVersions\",\"None\"]");
        // SnapStart is not supported with ephemeral storage above 512 MB or EFS.
        assertThat(function.path("EphemeralStorage").isMissingNode()).isTrue();
        assertThat(function.path("FileSystemConfigs").isMissingNode()).isTrue();
        // With AutoPublishAlias, SAM attaches the SQS event source to the alias (the output names it).
        assertThat(template.path("Outputs").path("FunctionAlias").path("Value").asText())
                .isEqualTo(
                        "EmbedFunctionAlias" + function.path("AutoPublishAlias").asText());
    }

    @Test
    void embedder_allowsTheBundledModelsTheJarCarries() {
        JsonNode parameter = template.path("Parameters").path("Embedder");
        assertThat(parameter.path("Default").asText()).isEqualTo(WorkerConfig.DEFAULT_EMBEDDER);
        List<String> allowed = new ArrayList<>();
        parameter.path("AllowedValues").forEach(value -> allowed.add(value.asText()));
        List<String> local =
                allowed.stream().filter(id -> id.startsWith("onnx:")).toList();
        assertThat(local).containsExactly("onnx:all-minilm-l6-v2", "onnx:all-minilm-l6-v2-q");
        assertThat(dev.pvault.embed.onnx.OnnxEmbedders.bundledIds()).containsAll(local);
        // The opt-in third-party models name their vector size, as the ids stored on vectors do.
        assertThat(allowed).filteredOn(id -> id.startsWith("openai:")).allMatch(id -> id.matches("openai:.+@\\d+"));
    }

    @Test
    void migrations_areASeparateStep_theWorkerSkipsTheSchemaCheck() {
        JsonNode variables = function.path("Environment").path("Variables");
        assertThat(variables.path(WorkerConfig.DB_MIGRATE).asText()).isEqualTo("false");
        JsonNode migrate = resources.path("MigrateFunction").path("Properties");
        assertThat(migrate.path("Handler").asText()).isEqualTo(MigrateDatabase.class.getName() + "::handleRequest");
        assertThat(migrate.path("CodeUri").asText())
                .isEqualTo(function.path("CodeUri").asText());
        JsonNode migrateVariables = migrate.path("Environment").path("Variables");
        assertThat(migrateVariables.path(WorkerConfig.DB_MIGRATE).asText()).isEqualTo("true");
        for (String name : List.of(WorkerConfig.DB_URL, WorkerConfig.DB_SECRET_ID)) {
            assertThat(migrateVariables.path(name).asText())
                    .as(name + " as the worker has it")
                    .isEqualTo(variables.path(name).asText());
        }
        migrateVariables
                .fieldNames()
                .forEachRemaining(
                        name -> assertThat(WorkerConfig.NAMES).as(name).contains(name));
        assertThat(migrate.path("Policies").toString())
                .contains("secretsmanager:GetSecretValue")
                .doesNotContain("WorkerKeySecret")
                .doesNotContain("s3:");
    }

    @Test
    void environment_holdsOnlyVariablesTheConfigReads_andAllItNeeds() {
        List<String> names = new ArrayList<>();
        function.path("Environment").path("Variables").fieldNames().forEachRemaining(names::add);

        assertThat(names).isNotEmpty();
        for (String name : names) {
            assertThat(WorkerConfig.NAMES.contains(name) || LIBRARY_VARIABLES.contains(name))
                    .as(name + " is read by WorkerConfig (or listed as a library's)")
                    .isTrue();
        }
        assertThat(names).containsAll(WorkerConfig.REQUIRED);
        assertThat(names).containsAnyOf(WorkerConfig.KEYS_SECRET_ID, WorkerConfig.KEYS_FILE);
        assertThat(names).contains(WorkerConfig.KEYS_SECRET_ID).doesNotContain(WorkerConfig.KEYS_FILE);
    }

    @Test
    void timeouts_relateAsLambdaAndSqsRequire() {
        int timeoutSeconds = function.path("Timeout").asInt();
        JsonNode queue = resources.path("JobQueue").path("Properties");
        int visibility = queue.path("VisibilityTimeout").asInt();
        long handbackMs = function.path("Environment")
                .path("Variables")
                .path(WorkerConfig.HANDBACK_MS)
                .asLong();

        assertThat(timeoutSeconds).isBetween(60, 900);
        assertThat(visibility).isGreaterThanOrEqualTo(6 * timeoutSeconds);
        assertThat(queue.path("RedrivePolicy").path("maxReceiveCount").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(handbackMs).isPositive().isLessThan(timeoutSeconds * 1000L / 2);
    }

    @Test
    void eventSource_reportsBatchItemFailures() {
        JsonNode jobs = function.path("Events").path("Jobs");
        assertThat(jobs.path("Type").asText()).isEqualTo("SQS");
        assertThat(jobs.path("Properties").path("FunctionResponseTypes").toString())
                .contains("ReportBatchItemFailures");
        JsonNode batchSize = template.path("Parameters").path("BatchSize");
        assertThat(batchSize.path("MaxValue").asInt()).isLessThanOrEqualTo(10); // FIFO allows 10 at most
        assertThat(template.path("Parameters")
                        .path("ReservedConcurrency")
                        .path("Default")
                        .asInt())
                .isEqualTo(10);
        assertThat(template.path("Parameters").path("QueueType").path("Default").asText())
                .isEqualTo("Standard");
    }

    @Test
    void bucket_isEncryptedAndPrivate() {
        JsonNode bucket = resources.path("BatchBucket").path("Properties");
        assertThat(bucket.path("BucketEncryption").isMissingNode()).isFalse();
        JsonNode block = bucket.path("PublicAccessBlockConfiguration");
        for (String setting :
                List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
            assertThat(block.path(setting).asBoolean()).as(setting).isTrue();
        }
    }

    @Test
    void deadLetterQueue_andAlarmsExist() {
        assertThat(resources.path("JobDeadLetterQueue").path("Type").asText()).isEqualTo("AWS::SQS::Queue");
        assertThat(resources
                        .path("DeadLetterAlarm")
                        .path("Properties")
                        .path("MetricName")
                        .asText())
                .isEqualTo("ApproximateNumberOfMessagesVisible");
        assertThat(resources
                        .path("FunctionErrorAlarm")
                        .path("Properties")
                        .path("MetricName")
                        .asText())
                .isEqualTo("Errors");
        assertThat(resources
                        .path("PoisonJobAlarm")
                        .path("Properties")
                        .path("Namespace")
                        .asText())
                .isEqualTo(JobMetrics.NAMESPACE);
    }

    @Test
    void functionPermissions_areReadOnlyAndScoped() {
        String policies = function.path("Policies").toString();
        assertThat(policies).contains("s3:GetObject").contains("secretsmanager:GetSecretValue");
        assertThat(policies).doesNotContain("s3:*").doesNotContain("\"*\"").doesNotContain("PutObject");
    }

    @Test
    void budget_isMonthlyAndDefaultsToFiveDollars() {
        assertThat(template.path("Parameters")
                        .path("MonthlyBudgetUsd")
                        .path("Default")
                        .asInt())
                .isEqualTo(5);
        JsonNode budget = resources.path("MonthlyBudget");
        assertThat(budget.path("Type").asText()).isEqualTo("AWS::Budgets::Budget");
        JsonNode properties = budget.path("Properties").path("Budget");
        assertThat(properties.path("TimeUnit").asText()).isEqualTo("MONTHLY");
        assertThat(properties.path("BudgetType").asText()).isEqualTo("COST");
        assertThat(properties.path("BudgetLimit").path("Amount").asText()).isEqualTo("MonthlyBudgetUsd");
        assertThat(properties.path("BudgetLimit").path("Unit").asText()).isEqualTo("USD");
    }

    @Test
    void keepWarm_isOffByDefault_andSendsAnEmptyBatch() throws Exception {
        assertThat(template.path("Parameters").path("KeepWarm").path("Default").asText())
                .isEqualTo("false");
        assertThat(template.path("Conditions").path("KeepWarmOn").toString()).isEqualTo("[\"KeepWarm\",\"true\"]");
        for (String name : List.of("KeepWarmRule", "KeepWarmPermission")) {
            assertThat(resources.path(name).path("Condition").asText()).as(name).isEqualTo("KeepWarmOn");
        }
        JsonNode target = resources
                .path("KeepWarmRule")
                .path("Properties")
                .path("Targets")
                .get(0);
        JsonNode input = new ObjectMapper().readTree(target.path("Input").asText());
        assertThat(input.path("Records").isArray()).isTrue();
        assertThat(input.path("Records")).isEmpty();
    }

    @Test
    void openAiKey_isReadableOnlyWhenTheEmbedderIsOpenAi() {
        JsonNode policies = function.path("Policies");
        JsonNode unconditional = policies.get(0).path("Statement");
        assertThat(unconditional.toString()).doesNotContain("OpenAiKeySecretArn");
        JsonNode conditional = policies.get(1);
        assertThat(conditional.get(0).asText()).isEqualTo("UseOpenAi");
        JsonNode statement = conditional.get(1).path("Statement").get(0);
        assertThat(statement.path("Action").asText()).isEqualTo("secretsmanager:GetSecretValue");
        assertThat(statement.path("Resource").asText()).isEqualTo("OpenAiKeySecretArn");
        assertThat(conditional.get(2).asText()).isEqualTo("AWS::NoValue");
        assertThat(function.path("Environment")
                        .path("Variables")
                        .path("PV_OPENAI_KEY_SECRET_ID")
                        .toString())
                .isEqualTo("[\"UseOpenAi\",\"OpenAiKeySecretArn\",\"AWS::NoValue\"]");
        // The OpenAI ids name their size, as the embedder's model ids do (jobs for another id are poison).
        for (JsonNode value : template.path("Parameters").path("Embedder").path("AllowedValues")) {
            if (value.asText().startsWith("openai:")) {
                assertThat(value.asText()).matches("openai:text-embedding-3-(small|large)@\\d+");
            }
        }
    }
}
