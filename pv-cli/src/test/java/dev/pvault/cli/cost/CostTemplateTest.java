package dev.pvault.cli.cost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The deployment the bill prices is the one deploy/aws/template.yaml makes. */
class CostTemplateTest {
    private static final Path TEMPLATE =
            Path.of(System.getProperty("pv.repo.dir", ".."), "deploy", "aws", "template.yaml");

    @Test
    void deployment_matchesTheTemplate() throws Exception {
        JsonNode template = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(TEMPLATE));
        JsonNode function = template.path("Resources").path("EmbedFunction").path("Properties");
        Deployment d = Deployment.TEMPLATE;

        assertThat(function.path("MemorySize").asInt()).isEqualTo(d.memoryMb());
        // Architectures: [!Ref Architecture]: the parameter's default is what a deployment gets.
        String architecture = function.path("Architectures").get(0).asText();
        JsonNode parameter = template.path("Parameters").path(architecture);
        assertThat(
                        parameter.isMissingNode()
                                ? architecture
                                : parameter.path("Default").asText())
                .isEqualTo(d.architecture());
        assertThat(template.path("Parameters")
                        .path("ReservedConcurrency")
                        .path("Default")
                        .asInt())
                .isEqualTo(d.reservedConcurrency());
        assertThat(template.path("Parameters").path("BatchSize").path("Default").asInt())
                .isEqualTo(d.batchSize());
        long alarms = 0;
        for (JsonNode resource : template.path("Resources")) {
            if (resource.path("Type").asText().equals("AWS::CloudWatch::Alarm")) {
                alarms++;
            }
        }
        assertThat(alarms).isEqualTo(d.alarms());
        assertThat(template.path("Resources")
                        .path("KeepWarmRule")
                        .path("Properties")
                        .path("ScheduleExpression")
                        .asText())
                .isEqualTo("rate(" + d.keepWarmMinutes() + " minutes)");
    }
}
