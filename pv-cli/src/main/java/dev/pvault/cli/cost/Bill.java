package dev.pvault.cli.cost;

import java.util.List;

/** A monthly bill: its lines, each priced before and after its free tier. */
public record Bill(List<Line> lines, List<String> assumptions) {
    /**
     * @param service the AWS service (or OpenAI)
     * @param item what is counted
     * @param quantity how many units a month
     * @param priceId the row of prices.json
     * @param gross the price without any free tier
     * @param free what the free tier takes off
     * @param freeKind whose free tier: {@code always}, {@code 12-months} or {@code none}
     */
    public record Line(
            String service,
            String item,
            double quantity,
            String unit,
            String priceId,
            double gross,
            double free,
            String freeKind) {
        public double net() {
            return gross - free;
        }
    }

    public double gross() {
        return lines.stream().mapToDouble(Line::gross).sum();
    }

    /** The free tiers that apply to every account, every month. */
    public double freeAlways() {
        return lines.stream()
                .filter(l -> l.freeKind().equals("always"))
                .mapToDouble(Line::free)
                .sum();
    }

    /** The free tiers of an account's first year (accounts made before 2025-07-15 only). */
    public double free12Months() {
        return lines.stream()
                .filter(l -> l.freeKind().equals("12-months"))
                .mapToDouble(Line::free)
                .sum();
    }

    /** What a first-year account made before 2025-07-15 pays. */
    public double netWithAllFreeTiers() {
        return gross() - freeAlways() - free12Months();
    }

    /** What any account pays after its first year. */
    public double netWithAlwaysFree() {
        return gross() - freeAlways();
    }

    public double sum(String service) {
        return lines.stream()
                .filter(l -> l.service().equals(service))
                .mapToDouble(Line::gross)
                .sum();
    }
}
