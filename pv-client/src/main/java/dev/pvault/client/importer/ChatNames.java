package dev.pvault.client.importer;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/** Chat names for exports that do not carry one: taken from the file name, as WhatsApp wrote it. */
final class ChatNames {
    private ChatNames() {}

    /** "WhatsApp Chat with Alice.txt", "WhatsApp Chat - Alice" (iOS folder), and their translations. */
    private static final Pattern EXPORT_PREFIX = Pattern.compile(
            "(?i)^(?:WhatsApp Chat with|WhatsApp Chat -|WhatsApp-Chat mit|Chat de WhatsApp con|Conversa do WhatsApp com"
                    + "|Discussion WhatsApp avec|WhatsApp-chat met|Chat WhatsApp con|Chat WhatsApp com)\\s+");

    /** iOS names the text inside its export folder "_chat.txt": the folder names the chat. */
    private static final Pattern GENERIC_STEM = Pattern.compile("(?i)_?chat(?: ?\\(\\d+\\))?");

    static String fromFile(Path file, String fallback) {
        if (file == null || file.getFileName() == null) {
            return fallback;
        }
        String stem = stem(file.getFileName().toString());
        if (GENERIC_STEM.matcher(stem).matches()) {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && parent.getFileName() != null) {
                String folder = withoutPrefix(stem(parent.getFileName().toString()));
                if (!folder.isBlank()) {
                    return folder;
                }
            }
            return fallback;
        }
        String name = withoutPrefix(stem);
        return name.isBlank() ? fallback : name;
    }

    private static String withoutPrefix(String stem) {
        return EXPORT_PREFIX.matcher(stem).replaceFirst("").strip();
    }

    private static String stem(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (String extension : new String[] {".txt", ".jsonl", ".ndjson", ".json", ".zip"}) {
            if (lower.endsWith(extension) && lower.length() > extension.length()) {
                return fileName.substring(0, fileName.length() - extension.length());
            }
        }
        return fileName;
    }
}
