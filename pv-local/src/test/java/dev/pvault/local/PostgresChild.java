package dev.pvault.local;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** Run in a child JVM by LocalCloudIT: starts PostgreSQL, writes a row, says READY, and waits to be killed. */
public final class PostgresChild {
    private PostgresChild() {}

    public static void main(String[] args) throws Exception {
        LocalCloud cloud = LocalCloud.at(Path.of(args[0]), LocalCloud.Settings.defaults());
        LocalCloud.Postgres postgres = cloud.postgres();
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS survivor (note text)");
            statement.execute("INSERT INTO survivor VALUES ('written before kill -9')");
        }
        System.out.println("READY " + postgres.port());
        System.out.flush();
        Thread.sleep(120_000);
    }
}
