package dev.pvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CostCommandTest {
    @Test
    void cost_json_hasEveryLineTheFreeTiersApartTheExampleAndTheScaleTest() throws Exception {
        CliRun cli = new CliRun();
        assertThat(cli.run("cost", "--messages-per-day", "10000", "--json")).isEqualTo(Main.EXIT_OK);

        JsonNode json = new ObjectMapper().readTree(cli.out.toString());
        assertThat(json.path("region").asText()).isEqualTo("us-east-1");
        assertThat(json.path("lines").size()).isGreaterThan(15);
        assertThat(json.path("lines"))
                .allSatisfy(line -> assertThat(line.path("source").asText()).isNotBlank());
        JsonNode month = json.path("month");
        assertThat(month.path("usd").asDouble())
                .isGreaterThanOrEqualTo(month.path("after_always_free_usd").asDouble());
        assertThat(month.path("after_always_free_usd").asDouble())
                .isGreaterThanOrEqualTo(month.path("after_all_free_usd").asDouble());
        assertThat(json.path("design_example").path("usd").asDouble()).isEqualTo(0.1845);
        assertThat(json.path("scale_test").path("design_target_seconds").asDouble())
                .isEqualTo(120);
        assertThat(json.path("scale_test").path("projected_seconds").asDouble()).isPositive();
    }

    @Test
    void cost_withOpenAi_addsTheTokens_andAnUnpricedRegionIsAUserError() throws Exception {
        CliRun cli = new CliRun();
        assertThat(cli.run("cost", "--users", "1000", "--embedder", "openai:text-embedding-3-small", "--json"))
                .isEqualTo(Main.EXIT_OK);
        JsonNode json = new ObjectMapper().readTree(cli.out.toString());
        assertThat(json.path("lines").toString()).contains("OpenAI");

        CliRun elsewhere = new CliRun();
        assertThat(elsewhere.run("cost", "--region", "eu-west-1")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(elsewhere.err.toString()).contains("us-east-1 only");
    }
}
