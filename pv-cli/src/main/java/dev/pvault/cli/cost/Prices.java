package dev.pvault.cli.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pvault.core.InternalException;
import dev.pvault.core.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dated price table ({@code prices.json} beside this class): one region's list prices with the free tier
 * of each and the page each came from. The only place a price is written.
 */
public record Prices(String region, String lookedUp, Map<String, Price> byId) {
    /**
     * @param usd the price of {@code per} units
     * @param freeUnits units free each month
     * @param freeKind {@code always}, {@code 12-months} (accounts made before 2025-07-15, first year) or {@code none}
     */
    public record Price(double usd, double per, String unit, double freeUnits, String freeKind, String source) {
        double of(double units) {
            return units / per * usd;
        }
    }

    public static Prices bundled(String region) {
        Prices prices;
        try (InputStream in = Prices.class.getResourceAsStream("prices.json")) {
            if (in == null) {
                throw new InternalException("prices.json is missing from the build");
            }
            prices = parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new InternalException(
                    "prices.json does not parse (" + e.getClass().getSimpleName() + ")");
        }
        if (!prices.region().equals(region)) {
            throw new UserException("prices are tabled for " + prices.region() + " only, not " + region
                    + " (add that region's table to prices.json with its sources)");
        }
        return prices;
    }

    static Prices parse(JsonNode json) {
        Map<String, Price> byId = new LinkedHashMap<>();
        json.path("prices").fields().forEachRemaining(e -> {
            JsonNode p = e.getValue();
            byId.put(
                    e.getKey(),
                    new Price(
                            p.path("usd").asDouble(),
                            p.path("per").asDouble(1),
                            p.path("unit").asText(),
                            p.path("free").asDouble(0),
                            p.path("free_kind").asText("none"),
                            p.path("source").asText()));
        });
        return new Prices(json.path("region").asText(), json.path("looked_up").asText(), Map.copyOf(byId));
    }

    public Price get(String id) {
        Price price = byId.get(id);
        if (price == null) {
            throw new InternalException("prices.json has no price " + id);
        }
        return price;
    }
}
