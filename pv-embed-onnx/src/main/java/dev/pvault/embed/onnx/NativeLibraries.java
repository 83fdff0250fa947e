package dev.pvault.embed.onnx;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Points the two native libraries at the model cache before either loads, once per process. Both libraries read
 * their settings from system properties, so this is process-wide by nature; a property the user set wins.
 *
 * <ul>
 *   <li>ONNX Runtime copies its 22 MB library out of its jar into a fresh temporary folder on every start. The
 *       library is extracted once into the cache instead and loaded from there ({@code onnxruntime.native.path});
 *       this cut the environment's creation from 240-440 ms to 150 ms of a cold start on the 2-core machine (one-off
 *       probe, docs/EMBEDDING.md).
 *   <li>DJL unpacks its tokenizer library under {@code ~/.djl.ai} unless {@code DJL_CACHE_DIR} is set; on AWS
 *       Lambda only {@code /tmp} is writable, so the cache folder is used.
 *   <li>Where the class path is a folder (AWS Lambda unzips the deployment into {@code /var/task}), both
 *       libraries are plain files already: they are loaded where they are and nothing is copied (ONNX
 *       Runtime's through {@code onnxruntime.native.path}, the tokenizer's through DJL's {@code
 *       RUST_LIBRARY_PATH}). Copying them cost a cold start with an empty cache 22 MB and 15 MB of writes.
 *   <li>DJL's tokenizer sends telemetry when it runs on EC2 or SageMaker (it asks the instance metadata service
 *       for the instance id and region, then calls an S3 URL). A worker that holds plaintext makes no network
 *       calls it does not need: {@code OPT_OUT_TRACKING} is set to true.
 * </ul>
 */
final class NativeLibraries {
    private static final Logger LOG = LoggerFactory.getLogger(NativeLibraries.class);
    static final String ORT_PATH_PROPERTY = "onnxruntime.native.path";
    static final String RUST_PATH_PROPERTY = "RUST_LIBRARY_PATH";
    private static final String[] ORT_LIBRARIES = {"onnxruntime", "onnxruntime4j_jni"};

    private static boolean prepared;

    private NativeLibraries() {}

    static synchronized void prepare(Path cacheRoot) {
        if (prepared) {
            return;
        }
        prepared = true;
        setIfAbsent("OPT_OUT_TRACKING", "true");
        setIfAbsent("DJL_CACHE_DIR", cacheRoot.resolve("djl").toString());
        String platform = platform();
        Path tokenizers = platform == null ? null : inPlace(TextTokenizer.class, tokenizersResource(platform));
        if (tokenizers != null) {
            setIfAbsent(RUST_PATH_PROPERTY, tokenizers.toString());
        }
        if (System.getProperty(ORT_PATH_PROPERTY) == null
                && System.getProperty("onnxruntime.native.onnxruntime.path") == null) {
            Path dir = platform == null ? null : onnxRuntimeInPlace(platform);
            if (dir == null) {
                dir = extractOnnxRuntime(cacheRoot);
            }
            if (dir != null) {
                System.setProperty(ORT_PATH_PROPERTY, dir.toString());
            }
        }
    }

    /** DJL's layout: {@code native/lib/linux-x86_64/cpu/libtokenizers.so}. */
    private static String tokenizersResource(String platform) {
        return "native/lib/" + platform.replace("-x64", "-x86_64") + "/cpu/"
                + System.mapLibraryName("tokenizers").replace(".jnilib", ".dylib");
    }

    /** The folder of ONNX Runtime's two libraries when both are plain files on the class path, else null. */
    private static Path onnxRuntimeInPlace(String platform) {
        Path dir = null;
        for (String library : ORT_LIBRARIES) {
            Path file = inPlace(OrtEnvironment.class, ortResource(platform, library));
            if (file == null || (dir != null && !dir.equals(file.getParent()))) {
                return null;
            }
            dir = file.getParent();
        }
        return dir;
    }

    private static String ortResource(String platform, String library) {
        return "ai/onnxruntime/native/" + platform + "/"
                + System.mapLibraryName(library).replace(".jnilib", ".dylib");
    }

    /** A class-path resource that is a plain file (not inside a jar), or null. */
    private static Path inPlace(Class<?> owner, String resource) {
        URL url = owner.getClassLoader().getResource(resource);
        if (url == null || !"file".equals(url.getProtocol())) {
            return null;
        }
        try {
            Path path = Path.of(url.toURI());
            return Files.isRegularFile(path) ? path : null;
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getenv(key) == null && System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Copies ONNX Runtime's libraries for this platform into the cache; null where they are not in the jar. */
    private static Path extractOnnxRuntime(Path cacheRoot) {
        String platform = platform();
        if (platform == null) {
            return null;
        }
        String version = OrtEnvironment.class.getPackage().getImplementationVersion();
        Path dir = cacheRoot
                .resolve("native")
                .resolve("onnxruntime-" + (version == null ? "0" : version) + "-" + platform);
        try {
            ModelCache.createPrivateDirectories(dir);
            for (String library : ORT_LIBRARIES) {
                String file = System.mapLibraryName(library).replace(".jnilib", ".dylib");
                URL resource = OrtEnvironment.class.getClassLoader().getResource(ortResource(platform, library));
                if (resource == null) {
                    return null;
                }
                URLConnection connection = resource.openConnection();
                long size = connection.getContentLengthLong();
                Path target = dir.resolve(file);
                if (size > 0 && Files.isRegularFile(target) && Files.size(target) == size) {
                    continue;
                }
                Path part = Files.createTempFile(dir, file + ".", ".part");
                try (InputStream in = connection.getInputStream()) {
                    Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(part);
                }
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            // ONNX Runtime then extracts to its own temporary folder, as it does by default: slower, still right.
            LOG.debug("cannot cache ONNX Runtime's native library in {}: {}", dir, e.toString());
            return null;
        }
    }

    /** ONNX Runtime's name for this platform ({@code linux-x64}), as its jar lays out its libraries. */
    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osName;
        if (os.contains("mac") || os.contains("darwin")) {
            osName = "osx";
        } else if (os.contains("win")) {
            osName = "win";
        } else if (os.contains("nux")) {
            osName = "linux";
        } else {
            return null;
        }
        String archName;
        if (arch.startsWith("amd64") || arch.startsWith("x86_64")) {
            archName = "x64";
        } else if (arch.startsWith("aarch64") || arch.startsWith("arm64")) {
            archName = "aarch64";
        } else {
            return null;
        }
        return osName + "-" + archName;
    }
}
