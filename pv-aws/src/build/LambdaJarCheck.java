import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Build check of the Lambda deployable (run by the pv-aws build after shading, as a single-file program):
 * prints its size zipped and unzipped, and fails the build above Lambda's limit of 262,144,000 bytes
 * unzipped, on anything local-only, on a native library for another platform than Lambda's two (linux on
 * x86_64 and on arm64, the template's {@code Architecture}), on a native whose ELF machine is not the one
 * its folder names, and when either architecture lacks one of the natives the function loads (ONNX
 * Runtime's two, the tokenizer's, JNA's) or the jar lacks a model the template's {@code Embedder} offers.
 *
 * <p>Usage: java LambdaJarCheck.java JAR LIMIT_BYTES
 */
public class LambdaJarCheck {
    private static final List<String> LOCAL_ONLY = List.of(
            "org/elasticmq/", "org/gaul/", "io/zonky/", "org/apache/pekko/", "org/eclipse/jetty/", "org/h2/",
            "org/jclouds/", "picocli/", "dev/pvault/local/", "dev/pvault/cli/");

    /** ELF e_machine values. */
    private static final int X86_64 = 62;

    private static final int AARCH64 = 183;

    /** The natives each architecture loads, by the ELF machine they must be built for. */
    private static final Map<String, Integer> REQUIRED_NATIVES = Map.of(
            "ai/onnxruntime/native/linux-x64/libonnxruntime.so", X86_64,
            "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so", X86_64,
            "native/lib/linux-x86_64/cpu/libtokenizers.so", X86_64,
            "com/sun/jna/linux-x86-64/libjnidispatch.so", X86_64,
            "ai/onnxruntime/native/linux-aarch64/libonnxruntime.so", AARCH64,
            "ai/onnxruntime/native/linux-aarch64/libonnxruntime4j_jni.so", AARCH64,
            "native/lib/linux-aarch64/cpu/libtokenizers.so", AARCH64,
            "com/sun/jna/linux-aarch64/libjnidispatch.so", AARCH64);

    /** The models deploy/aws/template.yaml's Embedder parameter allows. */
    private static final List<String> REQUIRED_MODELS = List.of(
            "all-minilm-l6-v2.onnx",
            "all-minilm-l6-v2-tokenizer.json",
            "all-minilm-l6-v2-q.onnx",
            "all-minilm-l6-v2-q-tokenizer.json");

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        long limit = Long.parseLong(args[1]);
        long unzipped = 0;
        int entries = 0;
        List<String> localOnly = new ArrayList<>();
        List<String> natives = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                entries++;
                unzipped += Math.max(0, entry.getSize());
                String name = entry.getName();
                names.add(name);
                if (LOCAL_ONLY.stream().anyMatch(name::startsWith)) {
                    localOnly.add(name);
                }
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.endsWith(".so") || lower.contains(".so.") || lower.endsWith(".dylib")
                        || lower.endsWith(".dll") || lower.endsWith(".jnilib")) {
                    natives.add(name);
                    Integer machine = REQUIRED_NATIVES.get(name);
                    if (machine == null) {
                        problems.add("native library for another platform than Lambda's: " + name);
                    } else {
                        int actual = elfMachine(zip, entry);
                        if (actual != machine) {
                            problems.add(name + " is built for ELF machine " + actual + ", not " + machine);
                        }
                    }
                }
            }
        }
        System.out.printf(
                "Lambda jar %s: %,d bytes zipped, %,d bytes unzipped (%.1f%% of Lambda's %,d), %,d entries, %d native"
                        + " libraries %s%n",
                jar.getFileName(), Files.size(jar), unzipped, 100.0 * unzipped / limit, limit, entries, natives.size(),
                natives);
        if (unzipped > limit) {
            problems.add("unzipped size " + unzipped + " exceeds " + limit);
        }
        if (!localOnly.isEmpty()) {
            problems.add(localOnly.size() + " local-only entries, e.g. " + localOnly.subList(0, Math.min(5, localOnly.size())));
        }
        for (String required : REQUIRED_NATIVES.keySet()) {
            if (!names.contains(required)) {
                problems.add("missing native library " + required);
            }
        }
        for (String required : REQUIRED_MODELS) {
            if (!names.contains(required)) {
                problems.add("missing model file " + required);
            }
        }
        if (!problems.isEmpty()) {
            System.err.println("Lambda jar check failed: " + String.join("; ", problems));
            System.exit(1);
        }
    }

    /** The e_machine field of an ELF file (bytes 18-19, little-endian on both of Lambda's), or -1. */
    private static int elfMachine(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] header = in.readNBytes(20);
            if (header.length < 20 || header[0] != 0x7f || header[1] != 'E' || header[2] != 'L' || header[3] != 'F') {
                return -1;
            }
            return (header[18] & 0xff) | (header[19] & 0xff) << 8;
        }
    }
}
