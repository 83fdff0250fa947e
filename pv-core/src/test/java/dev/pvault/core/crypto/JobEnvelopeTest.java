package dev.pvault.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("removal") // format v1 still opens: these check it
class JobEnvelopeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "onnx:all-minilm-l6-v2";

    private final WorkerKeyring worker = WorkerKeyring.generate();
    private final RecipientKeyPair userKey = RecipientKeyPair.generate();
    private final UserId user = UserId.random();
    private final BatchId batch = BatchId.random();
    private final JobId job = JobId.random();
    private final DataKey batchKey = DataKey.generate();
    private final JobDocument document =
            JobEnvelope.create(job, user, batch, 7, MODEL, worker.current().publicKey(), userKey.publicKey(), batchKey);

    @AfterEach
    void close() {
        batchKey.close();
    }

    @Test
    void document_roundTripsThroughJson() {
        JobDocument parsed = JobDocument.parse(document.toJson());
        assertThat(parsed).isEqualTo(document);
        assertThat(parsed.batchObjectKey()).isEqualTo(new BatchObjectKey(user, batch));
        assertThat(parsed.messageCount()).isEqualTo(7);
        assertThat(document.toJson().length()).isLessThan(1024); // far below SQS's 256 KiB
    }

    @Test
    void unwrap_givesTheBatchKey() {
        try (DataKey unwrapped = JobEnvelope.unwrapBatchKey(JobDocument.parse(document.toJson()), worker)) {
            assertThat(unwrapped.copyBytes()).isEqualTo(batchKey.copyBytes());
        }
    }

    @Test
    void unwrap_findsAnOlderKeyAfterTheKeyringRolled() {
        WorkerKeyring rolled = worker.withNewCurrentKey();
        assertThat(rolled.current().keyId()).isNotEqualTo(worker.current().keyId());
        try (DataKey unwrapped = JobEnvelope.unwrapBatchKey(document, rolled)) {
            assertThat(unwrapped.copyBytes()).isEqualTo(batchKey.copyBytes());
        }
    }

    @Test
    void unwrap_rejectsTheWrongWorkerKey() {
        WorkerKeyring other = WorkerKeyring.generate();
        assertThatThrownBy(() -> JobEnvelope.unwrapBatchKey(document, other))
                .isInstanceOf(WrongKeyException.class)
                .hasMessageContaining(worker.current().keyId().hex())
                .hasMessageContaining(job.toString());
    }

    @Test
    void unwrap_rejectsASwappedJobId() {
        assertThatThrownBy(() -> JobEnvelope.unwrapBatchKey(
                        edited("jobId", JobId.random().toString()), worker))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void unwrap_rejectsASwappedObjectKey() {
        String otherBatch = new BatchObjectKey(user, BatchId.random()).key();
        assertThatThrownBy(() -> JobEnvelope.unwrapBatchKey(edited("objectKey", otherBatch), worker))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void parse_rejectsAnObjectKeyOfAnotherUser() {
        String foreign = new BatchObjectKey(UserId.random(), batch).key();
        assertThatThrownBy(() -> JobDocument.parse(edited("objectKey", foreign).toJson()))
                .isInstanceOf(ContextMismatchException.class);
    }

    @Test
    void unwrap_rejectsASwappedUserId() {
        // Both the user id and the object key rewritten consistently, as an attacker would.
        UserId other = UserId.random();
        ObjectNode node = node();
        node.put("userId", other.toString());
        node.put("objectKey", new BatchObjectKey(other, batch).key());
        assertThatThrownBy(() -> JobEnvelope.unwrapBatchKey(JobDocument.parse(node.toString()), worker))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void unwrap_rejectsASubstitutedUserPublicKey() {
        String attacker = RecipientKeyPair.generate().publicKey().base64();
        assertThatThrownBy(() -> JobEnvelope.unwrapBatchKey(edited("userPublicKey", attacker), worker))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void unwrap_rejectsASwitchedModel() {
        assertThatThrownBy(() -> JobEnvelope.unwrapBatchKey(edited("model", "openai:text-embedding-3-small"), worker))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void parse_rejectsEmptyTruncatedAndInvalidDocuments() {
        String json = document.toJson();
        assertThatThrownBy(() -> JobDocument.parse("")).isInstanceOf(EmptyEnvelopeException.class);
        assertThatThrownBy(() -> JobDocument.parse(json.substring(0, json.length() - 2)))
                .isInstanceOf(TruncatedEnvelopeException.class);
        assertThatThrownBy(() -> JobDocument.parse("[1,2]")).isInstanceOf(MalformedEnvelopeException.class);
        assertThatThrownBy(() -> JobDocument.parse("{\"version\":1,}")).isInstanceOf(MalformedEnvelopeException.class);
    }

    @Test
    void parse_rejectsUnknownVersionMissingAndMistypedFields() {
        assertThatThrownBy(() -> JobDocument.parse(node().put("version", 3).toString()))
                .isInstanceOf(UnsupportedFormatVersionException.class);
        ObjectNode missing = node();
        missing.remove("wrappedKey");
        assertThatThrownBy(() -> JobDocument.parse(missing.toString()))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessageContaining("wrappedKey");
        assertThatThrownBy(
                        () -> JobDocument.parse(node().put("messageCount", "7").toString()))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessageContaining("messageCount");
        assertThatThrownBy(() -> JobDocument.parse(node().put("messageCount", 0).toString()))
                .isInstanceOf(MalformedEnvelopeException.class);
        assertThatThrownBy(() ->
                        JobDocument.parse(node().put("jobId", "not-a-uuid").toString()))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessageContaining("jobId");
        assertThatThrownBy(() -> JobDocument.parse(
                        node().put("workerKeyId", "00112233445566ff").toString()))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessageContaining("workerKeyId");
        assertThatThrownBy(() -> JobDocument.parse(node().put("model", "").toString()))
                .isInstanceOf(MalformedEnvelopeException.class);
    }

    @Test
    void toString_namesIdsButNoKeyMaterial() {
        assertThat(document.toString())
                .contains(job.toString())
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(document.wrappedKey()));
    }

    private JobDocument edited(String field, String value) {
        return JobDocument.parse(node().put(field, value).toString());
    }

    private ObjectNode node() {
        try {
            return (ObjectNode) JSON.readTree(document.toJson());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
