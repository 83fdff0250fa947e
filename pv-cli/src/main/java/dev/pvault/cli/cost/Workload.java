package dev.pvault.cli.cost;

import dev.pvault.core.UserException;

/**
 * What is priced: how many messages, for how many users, embedded by what, and how the service is used. The
 * usage figures no benchmark can measure (how often people import and search) are assumptions, named as such
 * on the bill.
 *
 * @param messagesPerDay new messages a day per user
 * @param users users of one deployment
 * @param embedder the embedder spec ({@code onnx:...} embeds on the worker; {@code openai:...} is billed by token)
 * @param database {@code rds} (db.t4g.micro), {@code aurora} (Serverless v2 at its 0.5 ACU minimum) or {@code none}
 * @param keepWarm whether the template's keep-warm schedule is on
 * @param importsPerDay imports a day per user (each may find the worker cold), assumed
 * @param searchesPerDay searches a day per user (each syncs the new sealed vectors through the API), assumed
 */
public record Workload(
        long messagesPerDay,
        long users,
        String embedder,
        String database,
        boolean keepWarm,
        int importsPerDay,
        int searchesPerDay) {
    public static final int DAYS_PER_MONTH = 30;
    public static final double HOURS_PER_MONTH = 730;

    public Workload {
        if (messagesPerDay < 0 || users < 1 || importsPerDay < 1 || searchesPerDay < 0) {
            throw new UserException("messages a day must be ≥ 0, users ≥ 1, imports a day ≥ 1, searches ≥ 0");
        }
        if (!database.equals("rds") && !database.equals("aurora") && !database.equals("none")) {
            throw new UserException("--database is rds, aurora or none, not " + database);
        }
    }

    public static Workload of(long messagesPerDay, long users, String embedder) {
        return new Workload(messagesPerDay, users, embedder, "rds", false, 1, 10);
    }

    public Workload withDatabase(String database) {
        return new Workload(messagesPerDay, users, embedder, database, keepWarm, importsPerDay, searchesPerDay);
    }

    public Workload withKeepWarm(boolean on) {
        return new Workload(messagesPerDay, users, embedder, database, on, importsPerDay, searchesPerDay);
    }

    public boolean openAi() {
        return embedder.startsWith("openai:");
    }

    public double messagesPerMonth() {
        return (double) messagesPerDay * users * DAYS_PER_MONTH;
    }
}
