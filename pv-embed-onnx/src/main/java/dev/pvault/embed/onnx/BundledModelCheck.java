package dev.pvault.embed.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Build check of a deployable (the Lambda jar): every bundled model file on the class path matches its pinned
 * SHA-256 and size. A deployment that the runtime reads in place ({@link ModelCache#locate}) is checked by size
 * at start; this is where its content is checked. Prints the models found; exits 1 on a mismatch, or when no
 * bundled model is on the class path.
 *
 * <p>Usage: {@code java -cp pv-aws-lambda.jar dev.pvault.embed.onnx.BundledModelCheck}
 */
public final class BundledModelCheck {
    private BundledModelCheck() {}

    public static void main(String[] args) throws IOException {
        List<String> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (BundledModel model : BundledModel.values()) {
            int present = 0;
            for (BundledModel.ModelFile file : List.of(model.model(), model.tokenizer())) {
                try (InputStream in = BundledModelCheck.class.getClassLoader().getResourceAsStream(file.resource())) {
                    if (in == null) {
                        continue;
                    }
                    present++;
                    ModelCache.copyVerified(
                            in, OutputStream.nullOutputStream(), file.sha256(), file.size(), file.resource());
                } catch (RuntimeException e) {
                    problems.add(e.getMessage());
                }
            }
            if (present == 2) {
                found.add(model.modelId());
            } else if (present == 1) {
                problems.add(model.modelId() + " has one of its two files on the class path");
            }
        }
        System.out.println("Bundled models on the class path, checked against their pinned SHA-256: " + found);
        if (found.isEmpty()) {
            problems.add("no bundled model on the class path");
        }
        if (!problems.isEmpty()) {
            System.err.println("Bundled model check failed: " + String.join("; ", problems));
            System.exit(1);
        }
    }
}
