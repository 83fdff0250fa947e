package dev.pvault.store.postgres;

import dev.pvault.core.UnavailableException;
import dev.pvault.core.VaultException;
import dev.pvault.core.worker.RetryableException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Turns JDBC failures into the vault's exceptions: retryable when waiting may help, never quoting values. */
final class SqlErrors {
    private SqlErrors() {}

    static VaultException translate(String operation, SQLException e) {
        String state = e.getSQLState();
        // The driver's message can quote parameter values; the type and SQL state say enough.
        String message = "PostgreSQL store: " + operation + " failed ("
                + e.getClass().getSimpleName() + (state == null ? "" : ", SQL state " + state) + ")";
        return isTransient(e) ? new RetryableException(message, e) : new UnavailableException(message, e);
    }

    static boolean isTransient(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null) {
            return false;
        }
        return state.startsWith("08") // connection exception
                || state.startsWith("53") // insufficient resources
                || state.startsWith("57P") // operator intervention: admin shutdown, cannot connect now
                || state.equals("40001") // serialization failure
                || state.equals("40P01") // deadlock detected
                || state.equals("55P03"); // lock not available
    }
}
