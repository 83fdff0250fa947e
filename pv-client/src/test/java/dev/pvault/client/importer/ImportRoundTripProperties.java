package dev.pvault.client.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pvault.core.crypto.MessageIdAssigner;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.MessageKind;
import dev.pvault.core.property.Gen;
import dev.pvault.core.property.Property;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Any generated chat, written in any supported variant, parses back to the same messages: same senders,
 * times, texts, kinds and ids (ids are compared by building the expected messages with the same key), the
 * same number of system lines, nothing skipped. Date orders are auto-detected (every generated chat has a day
 * of 13 or more, as real chats of more than a few days do).
 */
class ImportRoundTripProperties {
    private static final String CHAT = "Round trip";
    private static final String NOTICE = "Messages and calls are end-to-end encrypted. No one outside of this chat,"
            + " not even WhatsApp, can read or listen to them.";

    enum Kind {
        TEXT,
        MEDIA,
        SYSTEM
    }

    record Entry(String sender, LocalDateTime time, String text, Kind kind) {}

    enum Clock {
        H24,
        UPPER,
        LOWER,
        DOTTED,
        SPACED_DOTTED,
        DAY_PERIOD,
        CJK_PREFIX
    }

    record WhatsAppVariant(
            DateOrder order,
            char dateSeparator,
            boolean fourDigitYear,
            boolean padded,
            boolean bracket,
            String dateTimeSeparator,
            Clock clock,
            char periodSpace,
            boolean seconds,
            char timeSeparator,
            String lineEnd,
            boolean bom,
            boolean finalNewline,
            boolean markBeforeHeader) {}

    // ------------------------------------------------------------------------------------------------ properties

    @Property(tries = 400)
    void anyChat_inAnyWhatsAppVariant_parsesBackToTheSameMessages(Gen gen) {
        List<Entry> chat = chat(gen);
        WhatsAppVariant variant = whatsappVariant(gen);
        String export = writeWhatsApp(chat, variant);
        Imports.Result result = Imports.run(
                Imports.text("chat.txt", export), ImportOptions.defaults().withChat(CHAT));
        DateOrder expectedOrder = variant.order();
        assertThat(result.report().dateOrder()).isEqualTo(expectedOrder);
        assertThat(result.report().skippedLines()).isEmpty();
        assertThat(result.report().system()).isEqualTo(count(chat, Kind.SYSTEM));
        assertThat(result.messages())
                .isEqualTo(expected(chat, variant.seconds(), variant.bracket() ? "image omitted" : "<Media omitted>"));
    }

    @Property(tries = 200)
    void anyChat_asTelegramJson_parsesBackToTheSameMessages(Gen gen) {
        List<Entry> chat = chat(gen);
        boolean textAsEntities = gen.bool();
        Imports.Result result = Imports.run(
                Imports.text("result.json", writeTelegram(chat, textAsEntities)),
                ImportOptions.defaults().withChat(CHAT));
        assertThat(result.report().format()).isEqualTo(ExportFormat.TELEGRAM);
        assertThat(result.report().system()).isEqualTo(count(chat, Kind.SYSTEM));
        assertThat(result.messages()).isEqualTo(expected(chat, true, ""));
    }

    @Property(tries = 200)
    void anyChat_asJsonl_parsesBackToTheSameMessages(Gen gen) {
        List<Entry> chat = chat(gen);
        Imports.Result result = Imports.run(Imports.text("chat.jsonl", writeJsonl(chat)), ImportOptions.defaults());
        assertThat(result.report().format()).isEqualTo(ExportFormat.JSONL);
        assertThat(result.report().system()).isEqualTo(count(chat, Kind.SYSTEM));
        assertThat(result.messages()).isEqualTo(expected(chat, true, "[photo]"));
    }

    @Property(tries = 100)
    void anyText_evenWhatWhatsAppCannotCarry_survivesJson(Gen gen) {
        String text = jsonText(gen);
        List<Entry> chat = List.of(new Entry("Ana", LocalDateTime.of(2024, 5, 17, 10, 0), text, Kind.TEXT));
        assertThat(Imports.run(Imports.text("chat.jsonl", writeJsonl(chat))).texts())
                .containsExactly(text);
        assertThat(Imports.run(Imports.text("result.json", writeTelegram(chat, false)))
                        .texts())
                .containsExactly(text);
    }

    private static long count(List<Entry> chat, Kind kind) {
        return chat.stream().filter(entry -> entry.kind() == kind).count();
    }

    /** The messages a faithful parse yields, ids included. */
    private static List<ChatMessage> expected(List<Entry> chat, boolean seconds, String mediaText) {
        MessageIdAssigner ids = new MessageIdAssigner(Imports.KEY);
        List<ChatMessage> messages = new ArrayList<>();
        for (Entry entry : chat) {
            LocalDateTime time = seconds ? entry.time() : entry.time().withSecond(0);
            switch (entry.kind()) {
                case TEXT -> messages.add(ids.assign(CHAT, time, null, entry.sender(), entry.text(), MessageKind.TEXT));
                case MEDIA -> messages.add(ids.assign(CHAT, time, null, entry.sender(), mediaText, MessageKind.MEDIA));
                case SYSTEM -> {}
            }
        }
        return messages;
    }

    // ------------------------------------------------------------------------------------------------ generators

    private static final List<String> SENDERS = List.of(
            "Ana",
            "Ben Okafor",
            "+44 7700 900123",
            "🤓",
            "John-John Doe",
            "Team:Blue",
            "Zoë Ñúñez",
            "山田太郎",
            "Jessie & James",
            "O'Brien",
            "A - B",
            "Dr. Who",
            "👩🏽\u200D💻 Priya");

    /** Pieces of text lines, chosen to sit close to what the parser looks for. */
    private static final List<String> PIECES = List.of(
            "hello",
            "Hallo",
            "ok",
            "12/03/2021",
            "10:30",
            "9.15",
            " - ",
            ": ",
            ":",
            "[",
            "]",
            ",",
            " ",
            "  ",
            "PM",
            "a. m.",
            "<",
            ">",
            "(file attached)",
            "omitted",
            "😀",
            "👍🏽",
            "👨\u200D👩\u200D👧",
            "日本語",
            "مرحبا",
            "\u00A0",
            "\u202F",
            "\t",
            "'",
            "\"",
            "https://example.org/a?b=1",
            "2024",
            "-",
            ".",
            "…",
            "#");

    /** A chat of 1 to 25 entries; its first message is on a day of 13 or more, so the date order shows. */
    private static List<Entry> chat(Gen gen) {
        LocalDateTime time = LocalDateTime.of(gen.between(2010, 2035), gen.between(1, 12), gen.between(13, 28), 0, 0)
                .plusSeconds(gen.between(0, 86_399));
        int size = gen.size(1, 25);
        List<Entry> chat = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            String sender = gen.of(SENDERS);
            Kind kind = List.of(Kind.TEXT, Kind.MEDIA, Kind.SYSTEM).get(gen.weighted(8, 1, 1));
            String text = whatsappText(gen);
            long gap = switch (gen.weighted(3, 5, 2)) {
                case 0 -> 0L;
                case 1 -> gen.between(1L, 3_600L);
                default -> gen.between(3_600L, 40L * 86_400);
            };
            // No gap before the first message: it keeps its day of 13 or more.
            time = chat.isEmpty() ? time : time.plusSeconds(gap);
            chat.add(new Entry(sender, time, text, kind));
        }
        return chat;
    }

    /** A text a WhatsApp export can carry unambiguously. */
    private static String whatsappText(Gen gen) {
        WhatsAppStamp stamp = new WhatsAppStamp();
        List<String> lines = gen.until(
                () -> gen.list(1, 4, () -> String.join("", gen.list(0, 8, () -> gen.of(PIECES)))),
                candidate -> (candidate.size() == 1 || !candidate.getLast().isEmpty())
                        // A line that starts like a message header starts a message in every parser: not carriable.
                        && candidate.stream().skip(1).noneMatch(stamp::parse)
                        && WhatsAppPhrases.classify(candidate.getFirst(), false, candidate.size() == 1)
                                == WhatsAppPhrases.Kind.TEXT);
        return String.join("\n", lines);
    }

    private static String jsonText(Gen gen) {
        return gen.string(0, 40, '\u0000', '\uD7FF')
                + gen.of("😀", "👍🏽", "\u200E", "\r\n", "\n\n", "\uFEFF")
                + gen.string(0, 40, '\u0000', '\uD7FF');
    }

    private static WhatsAppVariant whatsappVariant(Gen gen) {
        DateOrder order = gen.of(DateOrder.class);
        return new WhatsAppVariant(
                order,
                gen.of('/', '.', '-'),
                gen.bool() || order == DateOrder.YMD, // a year first has four digits
                gen.bool(),
                gen.bool(),
                gen.of(", ", " ", " klo "),
                gen.of(Clock.class),
                gen.of(' ', '\u00A0', '\u202F'),
                gen.bool(),
                gen.of(':', '.'),
                gen.of("\n", "\r\n"),
                gen.bool(),
                gen.bool(),
                gen.bool());
    }

    // ------------------------------------------------------------------------------------------------ writers

    static String writeWhatsApp(List<Entry> chat, WhatsAppVariant v) {
        StringBuilder out = new StringBuilder();
        if (v.bom()) {
            out.append('\uFEFF');
        }
        for (Entry entry : chat) {
            String header = (v.markBeforeHeader() ? "\u200E" : "") + stamp(entry.time(), v);
            switch (entry.kind()) {
                case TEXT -> {
                    String[] lines = entry.text().split("\n", -1);
                    out.append(header)
                            .append(entry.sender())
                            .append(": ")
                            .append(lines[0])
                            .append(v.lineEnd());
                    for (int i = 1; i < lines.length; i++) {
                        out.append(lines[i]).append(v.lineEnd());
                    }
                }
                case MEDIA ->
                    out.append(header)
                            .append(entry.sender())
                            .append(v.bracket() ? ": \u200Eimage omitted" : ": <Media omitted>")
                            .append(v.lineEnd());
                case SYSTEM ->
                    out.append(header)
                            .append(v.bracket() ? "Round trip: \u200E" + NOTICE : NOTICE + " Tap to learn more.")
                            .append(v.lineEnd());
            }
        }
        if (!v.finalNewline()) {
            out.setLength(out.length() - v.lineEnd().length());
        }
        return out.toString();
    }

    private static String stamp(LocalDateTime time, WhatsAppVariant v) {
        String year = v.fourDigitYear() ? "%04d".formatted(time.getYear()) : "%02d".formatted(time.getYear() % 100);
        String day = v.padded() ? "%02d".formatted(time.getDayOfMonth()) : Integer.toString(time.getDayOfMonth());
        String month = v.padded() ? "%02d".formatted(time.getMonthValue()) : Integer.toString(time.getMonthValue());
        char s = v.dateSeparator();
        String date = switch (v.order()) {
            case DMY -> day + s + month + s + year;
            case MDY -> month + s + day + s + year;
            case YMD -> year + s + month + s + day;
        };
        int hour = time.getHour();
        boolean am = hour < 12;
        int shown = v.clock() == Clock.H24 ? hour : (hour % 12 == 0 ? 12 : hour % 12);
        char t = v.timeSeparator();
        String clock = (v.padded() ? "%02d".formatted(shown) : Integer.toString(shown))
                + t
                + "%02d".formatted(time.getMinute())
                + (v.seconds() ? t + "%02d".formatted(time.getSecond()) : "");
        char p = v.periodSpace();
        String full = switch (v.clock()) {
            case H24 -> clock;
            case UPPER -> clock + p + (am ? "AM" : "PM");
            case LOWER -> clock + p + (am ? "am" : "pm");
            case DOTTED -> clock + p + (am ? "a.m." : "p.m.");
            case SPACED_DOTTED -> clock + p + (am ? "a." : "p.") + p + "m.";
            case DAY_PERIOD -> clock + (am ? " in the morning" : " in the afternoon");
            case CJK_PREFIX -> (am ? "午前" : "午後") + clock;
        };
        String stamp = date + v.dateTimeSeparator() + full;
        return v.bracket() ? "[" + stamp + "] " : stamp + " - ";
    }

    static String writeTelegram(List<Entry> chat, boolean textAsEntities) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("name", "Telegram name");
            json.writeStringField("type", "personal_chat");
            json.writeNumberField("id", 1);
            json.writeArrayFieldStart("messages");
            int id = 0;
            for (Entry entry : chat) {
                json.writeStartObject();
                json.writeNumberField("id", ++id);
                json.writeStringField("type", entry.kind() == Kind.SYSTEM ? "service" : "message");
                json.writeStringField("date", entry.time().toString());
                if (entry.kind() == Kind.SYSTEM) {
                    json.writeStringField("actor", entry.sender());
                    json.writeStringField("action", "phone_call");
                    json.writeStringField("text", "");
                } else {
                    json.writeStringField("from", entry.sender());
                    json.writeStringField(
                            "from_id", "user" + Math.abs(entry.sender().hashCode()));
                    if (entry.kind() == Kind.MEDIA) {
                        json.writeStringField("photo", "photos/photo_" + id + ".jpg");
                        json.writeStringField("text", "");
                    } else if (textAsEntities && entry.text().length() > 1) {
                        int cut = entry.text()
                                .offsetByCodePoints(
                                        0,
                                        entry.text()
                                                        .codePointCount(
                                                                0, entry.text().length())
                                                / 2);
                        json.writeArrayFieldStart("text");
                        json.writeString(entry.text().substring(0, cut));
                        json.writeStartObject();
                        json.writeStringField("type", "bold");
                        json.writeStringField("text", entry.text().substring(cut));
                        json.writeEndObject();
                        json.writeEndArray();
                    } else {
                        json.writeStringField("text", entry.text());
                    }
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    static String writeJsonl(List<Entry> chat) {
        StringBuilder out = new StringBuilder();
        JsonFactory factory = new JsonFactory();
        for (Entry entry : chat) {
            StringWriter line = new StringWriter();
            try (JsonGenerator json = factory.createGenerator(line)) {
                json.writeStartObject();
                json.writeStringField("chat", CHAT);
                json.writeStringField("sender", entry.sender());
                json.writeStringField("time", entry.time().toString());
                json.writeStringField("text", entry.kind() == Kind.MEDIA ? "[photo]" : entry.text());
                if (entry.kind() != Kind.TEXT) {
                    json.writeStringField("kind", entry.kind() == Kind.MEDIA ? "media" : "system");
                }
                json.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }
}
