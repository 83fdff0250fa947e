package dev.pvault.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pvault.core.VaultException;
import dev.pvault.core.worker.RetryableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Which database failures a job may wait out (retry) and which it may not; the store's own contract test runs in pv-local. */
class SqlErrorsTest {
    @Test
    void connectionAndResourceFailures_areRetryable() {
        for (String state : new String[] {"08001", "08006", "53300", "57P01", "57P03", "40001", "40P01", "55P03"}) {
            assertThat(SqlErrors.translate("start job", new SQLException("x", state)))
                    .as(state)
                    .isInstanceOf(RetryableException.class);
        }
        assertThat(SqlErrors.translate("start job", new SQLTransientConnectionException("pool timed out")))
                .isInstanceOf(RetryableException.class);
    }

    @Test
    void otherFailures_areNot() {
        VaultException e = SqlErrors.translate("complete job", new SQLException("x", "23505"));
        assertThat(e).isNotInstanceOf(RetryableException.class);
        assertThat(SqlErrors.translate("complete job", new SQLException("no state")))
                .isNotInstanceOf(RetryableException.class);
    }

    @Test
    void messages_nameTheOperationAndStateButNeverTheDriversText() {
        SQLException driver = new SQLException(
                "ERROR: duplicate key value violates unique constraint; Detail: Key (note)=(my secret) exists",
                "23505");

        VaultException e = SqlErrors.translate("complete job 42", driver);

        assertThat(e.getMessage()).contains("complete job 42").contains("23505").doesNotContain("my secret");
    }
}
