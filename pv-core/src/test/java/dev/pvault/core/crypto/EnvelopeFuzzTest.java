package dev.pvault.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.UserId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes every decoder that reads what someone else wrote: sealed batches (v1 and v2, the owner's and the
 * worker's way in), job documents, result records, sealed vectors, worker keyrings, worker public key files
 * and user key files (their public part and costs: opening runs Argon2id at whatever cost the input says,
 * bounded at 4 GiB, which is not a fuzzing speed). Each must return a result or throw an {@link
 * EnvelopeException}; anything else (a NullPointerException, an ArrayIndexOutOfBoundsException, an
 * OutOfMemoryError, a foreign exception) fails the run with the seed and the input.
 *
 * <p>Inputs are mostly structure-aware: valid envelopes mutated where the format has structure (length and
 * count fields set to boundary values, version bytes, a region spliced from another valid envelope, JSON
 * fields dropped, retyped, duplicated, set to odd values), with plain bit flips, cuts, extensions and random
 * bytes besides. The short run is part of the default build; the long one (1,000,000 inputs) is tagged
 * {@code long} and left out of the default build: {@code ./mvnw -pl pv-core -am test -Dtest=EnvelopeFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dpv.testGroups=long -Dpv.excludedTestGroups=none}.
 */
class EnvelopeFuzzTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String MODEL = "onnx:all-minilm-l6-v2";

    @Test
    void shortRun_everyDecoderReturnsOrThrowsADocumentedError() {
        run(Long.getLong("pv.seed", 20_261_202L), Integer.getInteger("pv.fuzz.short", 10_000));
    }

    @Test
    @Tag("long")
    void longRun_aMillionInputs() {
        run(Long.getLong("pv.seed", 20_261_203L), Integer.getInteger("pv.fuzz.long", 1_000_000));
    }

    /**
     * A decoder under fuzz: bytes (or their UTF-8 text) in; out, whether it accepted them, or an
     * EnvelopeException (a rejected {@link Verdict} counts as rejected too).
     */
    private record Target(String name, List<byte[]> seeds, boolean json, Predicate<byte[]> decode) {}

    private static void run(long seed, int inputs) {
        try (Fixtures f = new Fixtures()) {
            List<Target> targets = f.targets();
            Random random = new Random(seed);
            Map<String, int[]> counts = new TreeMap<>(); // name -> {inputs, accepted, rejected}
            long start = System.nanoTime();
            for (int i = 0; i < inputs; i++) {
                Target target = targets.get(random.nextInt(targets.size()));
                byte[] input = target.json() ? mutateJson(random, target, targets) : mutate(random, target, targets);
                int[] count = counts.computeIfAbsent(target.name(), n -> new int[3]);
                count[0]++;
                try {
                    count[target.decode().test(input) ? 1 : 2]++;
                } catch (EnvelopeException documented) {
                    count[2]++;
                } catch (Throwable undocumented) {
                    throw new AssertionError(
                            String.format(
                                    Locale.ROOT,
                                    "%s threw %s on input %d of seed %d (%d bytes): %s",
                                    target.name(),
                                    undocumented.getClass().getName(),
                                    i,
                                    seed,
                                    input.length,
                                    HEX.formatHex(input, 0, Math.min(input.length, 512))),
                            undocumented);
                }
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            StringBuilder report = new StringBuilder(
                    String.format(Locale.ROOT, "fuzz: %d inputs, seed %d, %d s%n", inputs, seed, seconds));
            counts.forEach((name, c) -> report.append(String.format(
                    Locale.ROOT, "  %-22s %9d inputs %9d accepted %9d rejected%n", name, c[0], c[1], c[2])));
            System.out.print(report);
            assertThat(counts.values().stream().mapToInt(c -> c[0]).sum()).isEqualTo(inputs);
        }
    }

    // ---- mutation ---------------------------------------------------------------------------------------

    private static final int[] BOUNDARIES = {0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0x7fffffff, -1};

    /** One to three mutations of a valid envelope, aware of where its length and version fields are. */
    static byte[] mutate(Random random, Target target, List<Target> all) {
        byte[] input = target.seeds().get(random.nextInt(target.seeds().size())).clone();
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            input = mutateOnce(random, input, all);
        }
        return input;
    }

    private static byte[] mutateOnce(Random random, byte[] input, List<Target> all) {
        int length = input.length;
        switch (random.nextInt(10)) {
            case 0, 1 -> { // bit flips
                if (length > 0) {
                    int flips = 1 + random.nextInt(4);
                    for (int i = 0; i < flips; i++) {
                        input[random.nextInt(length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                return input;
            }
            case 2 -> { // a structural field of a batch (version, count, wrapped-key length, body length) or a
                // record's first bytes, set to a boundary value
                int[] offsets = {0, 3, 36, 40, 42, 131, 1, 9, 90, 122};
                int at = offsets[random.nextInt(offsets.length)];
                int width = new int[] {1, 2, 4}[random.nextInt(3)];
                if (at + width <= length) {
                    long value = BOUNDARIES[random.nextInt(BOUNDARIES.length)];
                    for (int i = width - 1; i >= 0; i--, value >>>= 8) {
                        input[at + i] = (byte) value;
                    }
                }
                return input;
            }
            case 3 -> { // cut
                return Arrays.copyOf(input, length == 0 ? 0 : random.nextInt(length));
            }
            case 4 -> { // extend
                byte[] longer = Arrays.copyOf(input, length + 1 + random.nextInt(64));
                for (int i = length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                return longer;
            }
            case 5 -> { // splice a region of another valid envelope (of any kind) at the same offset
                Target other = all.get(random.nextInt(all.size()));
                byte[] donor = other.seeds().get(random.nextInt(other.seeds().size()));
                if (length > 0 && donor.length > 0) {
                    int from = random.nextInt(Math.min(length, donor.length));
                    int span = Math.min(1 + random.nextInt(128), Math.min(length, donor.length) - from);
                    System.arraycopy(donor, from, input, from, span);
                }
                return input;
            }
            case 6 -> { // duplicate a slice in place (shifts everything after it)
                if (length > 1) {
                    int from = random.nextInt(length);
                    int span = 1 + random.nextInt(Math.min(64, length - from));
                    byte[] out = new byte[length + span];
                    System.arraycopy(input, 0, out, 0, from + span);
                    System.arraycopy(input, from, out, from + span, length - from);
                    return out;
                }
                return input;
            }
            case 7 -> { // a byte set to an interesting value
                if (length > 0) {
                    input[random.nextInt(length)] = (byte) BOUNDARIES[random.nextInt(6)];
                }
                return input;
            }
            case 8 -> { // random bytes of a plausible length
                byte[] noise = new byte[random.nextInt(256)];
                random.nextBytes(noise);
                return noise;
            }
            default -> { // swap two regions of equal length
                if (length > 8) {
                    int a = random.nextInt(length / 2);
                    int b = length / 2 + random.nextInt(length - length / 2);
                    int span = Math.min(1 + random.nextInt(32), Math.min(length / 2 - a, length - b));
                    byte[] tmp = Arrays.copyOfRange(input, a, a + span);
                    System.arraycopy(input, b, input, a, span);
                    System.arraycopy(tmp, 0, input, b, span);
                }
                return input;
            }
        }
    }

    /** A JSON document mutated as a tree (a field dropped, retyped, set to an odd value) or as text. */
    static byte[] mutateJson(Random random, Target target, List<Target> all) {
        byte[] seed = target.seeds().get(random.nextInt(target.seeds().size()));
        if (random.nextInt(4) == 0) {
            return mutate(random, target, all); // as bytes: broken syntax, cut documents, odd encodings
        }
        try {
            JsonNode root = JSON.readTree(seed);
            int rounds = 1 + random.nextInt(3);
            for (int r = 0; r < rounds; r++) {
                mutateTree(random, root);
            }
            return JSON.writeValueAsBytes(root);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a fuzz seed is not JSON", e);
        }
    }

    private static void mutateTree(Random random, JsonNode root) {
        List<ObjectNode> objects = new ArrayList<>();
        collectObjects(root, objects);
        ObjectNode object = objects.get(random.nextInt(objects.size()));
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        if (names.isEmpty()) {
            object.put("x", 1);
            return;
        }
        String name = names.get(random.nextInt(names.size()));
        JsonNode value = object.get(name);
        switch (random.nextInt(9)) {
            case 0 -> object.remove(name);
            case 1 -> object.putNull(name);
            case 2 -> object.put(name, BOUNDARIES[random.nextInt(BOUNDARIES.length)]);
            case 3 ->
                object.put(name, new String[] {"", " ", "-1", "1e999", "AAAA", "\u0000", "v1/../x"}[random.nextInt(7)]);
            case 4 -> object.set(name, NODES.arrayNode().add(value));
            case 5 -> object.set(name, NODES.objectNode().set(name, value));
            case 6 -> object.put(name, value.isTextual() ? value.asText() + value.asText() : value.asText()); // retyped
            case 7 -> { // a base64 or hex field with one character changed or cut
                if (value.isTextual() && !value.asText().isEmpty()) {
                    String text = value.asText();
                    int at = random.nextInt(text.length());
                    object.put(
                            name,
                            random.nextBoolean()
                                    ? text.substring(0, at)
                                    : text.substring(0, at)
                                            + "A+/=-_é".charAt(random.nextInt(7))
                                            + text.substring(at + 1));
                }
            }
            default -> object.put(name, value.isNumber() ? value.asLong() + random.nextInt(5) - 2 : 2);
        }
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> out) {
        if (node instanceof ObjectNode object) {
            out.add(object);
        }
        Iterator<JsonNode> children = node.elements();
        while (children.hasNext()) {
            collectObjects(children.next(), out);
        }
    }

    // ---- targets ----------------------------------------------------------------------------------------

    /** Valid envelopes of every kind, the keys that open them, and the decoders under fuzz. */
    @SuppressWarnings("removal") // v1 envelopes are fuzz seeds too
    private static final class Fixtures implements AutoCloseable {
        final UserKeys user = UserKeys.generate(UserId.random());
        final WorkerKeyring worker = WorkerKeyring.generate();
        final BatchId batch = BatchId.random();
        final JobId job = JobId.random();
        final OriginVerifier verifier = new OriginVerifier(user, worker.publicKeys(), OriginPolicy.ACCEPT_UNPROVEN_V1);
        final List<byte[]> batches = new ArrayList<>();
        final List<byte[]> jobs = new ArrayList<>();
        final List<byte[]> records = new ArrayList<>();
        final List<byte[]> vectors = new ArrayList<>();
        final List<MessageId> vectorIds = new ArrayList<>();
        final DataKey resultKey = DataKey.generate();
        DataKey batchKey;

        Fixtures() {
            Random random = new Random(7);
            for (int i = 0; i < 3; i++) {
                List<ChatMessage> messages = Generated.messages(random, user, 1 + i * 3);
                try (SealedBatch v2 = BatchEnvelope.seal(user, batch, messages);
                        SealedBatch v1 = BatchEnvelope.seal(user.userId(), batch, messages, user.publicKey())) {
                    batches.add(v2.envelope());
                    batches.add(v1.envelope());
                    JobDocument document = JobEnvelope.create(
                            job, user, v2, MODEL, worker.current().publicKey());
                    jobs.add(document.toJson().getBytes(StandardCharsets.UTF_8));
                    jobs.add(JobEnvelope.create(
                                    job,
                                    user.userId(),
                                    batch,
                                    messages.size(),
                                    MODEL,
                                    worker.current().publicKey(),
                                    user.publicKey(),
                                    v1.batchKey())
                            .toJson()
                            .getBytes(StandardCharsets.UTF_8));
                    records.add(ResultKeys.sign(resultKey, document, v2.digest(), worker.signingKey()));
                    if (i == 0) {
                        batchKey = DataKey.of(v2.batchKey().copyBytes());
                    }
                }
            }
            records.add(ResultKeys.wrapToUser(resultKey, user.userId(), job, user.publicKey()));
            for (int dimension : new int[] {1, 8, 384}) {
                MessageId id = MessageId.of(SecureRandoms.bytes(16));
                float[] vector = new float[dimension];
                Arrays.fill(vector, 0.5f);
                vectors.add(VectorEnvelope.seal(vector, user.userId(), id, MODEL, resultKey));
                vectorIds.add(id);
            }
        }

        List<Target> targets() {
            String keyFile = UserKeyFile.seal(user, "fuzz seed passphrase".toCharArray(), new Argon2Settings(8, 1, 1));
            return List.of(
                    new Target(
                            "batch, owner",
                            batches,
                            false,
                            b -> verifier.openBatch(b, batch).accepted().isPresent()),
                    new Target(
                            "batch, owner, strict",
                            batches,
                            false,
                            b -> BatchEnvelope.open(b, user, user.userId(), batch, OriginPolicy.PROVEN_ONLY) != null),
                    new Target(
                            "batch, worker",
                            batches,
                            false,
                            b -> BatchEnvelope.openWithBatchKey(b, batchKey, user.userId(), batch) != null),
                    new Target("batch header", batches, false, b -> BatchEnvelope.readHeader(b) != null),
                    new Target("job document", jobs, true, b -> {
                        JobDocument parsed = JobDocument.parse(new String(b, StandardCharsets.UTF_8));
                        JobEnvelope.unwrapBatchKey(parsed, worker).close();
                        return true;
                    }),
                    new Target("result record", records, false, b -> {
                        Verdict<VerifiedResult> verdict = verifier.verifyResult(b, job, batch, MODEL);
                        verdict.accepted().ifPresent(VerifiedResult::close);
                        return verdict.accepted().isPresent();
                    }),
                    new Target(
                            "sealed vector",
                            vectors,
                            false,
                            b -> VectorEnvelope.open(
                                            b, user.userId(), vectorIds.get(vectorFor(b.length)), MODEL, resultKey)
                                    != null),
                    new Target("worker keyring", List.of(utf8(worker.toJson())), true, b -> {
                        WorkerKeyring.parse(new String(b, StandardCharsets.UTF_8))
                                .close();
                        return true;
                    }),
                    new Target(
                            "worker public keys",
                            List.of(utf8(worker.publicKeys().toJson())),
                            true,
                            b -> WorkerPublicKeys.parse(new String(b, StandardCharsets.UTF_8)) != null),
                    new Target("user key file", List.of(utf8(keyFile)), true, b -> {
                        String text = new String(b, StandardCharsets.UTF_8);
                        return UserKeyFile.readPublic(text) != null && UserKeyFile.costs(text) != null;
                    }));
        }

        /** The vector a sealed vector of {@code length} bytes was made from (by its dimension). */
        private int vectorFor(int length) {
            for (int i = 0; i < vectors.size(); i++) {
                if (vectors.get(i).length == length) {
                    return i;
                }
            }
            return 0;
        }

        private static byte[] utf8(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            user.close();
            worker.close();
            resultKey.close();
            batchKey.close();
        }
    }
}
