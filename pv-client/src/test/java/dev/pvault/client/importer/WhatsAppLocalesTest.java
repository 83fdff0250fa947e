package dev.pvault.client.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pvault.core.model.ChatMessage;
import java.time.LocalDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DecimalStyle;
import java.time.format.FormatStyle;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exports as phones write them in every language WhatsApp is used in, generated from the Unicode CLDR data
 * the JDK carries (the data Android and iOS format dates with), and read back to the second.
 *
 * <p>Android writes a header as the locale's short date-time pattern ("dd.MM.yy, HH:mm", "d‏/M‏/y، h:mm a"),
 * with the 12-hour time of the locale when the phone is set to 12 hours; iOS puts the short date and the
 * time with seconds in brackets. The locale's own digits are used (Arabic-Indic, Persian, Bengali...).
 */
class WhatsAppLocalesTest {
    /**
     * The languages (and the regions whose dates differ) WhatsApp is offered in, and more phone locales.
     * Not here: Nepali and Basque, whose short dates put a two-digit year first ("23/3/25"), which no
     * reading can tell from a day (docs/IMPORT-FORMATS.md); Yoruba, whose CLDR pattern in the JDK writes
     * minutes without their leading zero ("21:5"), which no phone shows.
     */
    private static final String LOCALES = "af am ar ar-EG ar-SA az bg bn bs ca cs cy da de de-AT de-CH el en en-AU"
            + " en-CA en-GB en-IN en-NG en-PH en-PK en-ZA es es-419 es-AR es-CO es-MX es-US et fa fi fil fr fr-BE"
            + " fr-CA fr-CH ga gl gu ha he hi hr hr-BA hu hy id ig is it ja ka kk km kn ko ky lb lo lt lv mk ml mn"
            + " mr ms my nb nl nl-BE nn pa pl ps pt pt-PT ro ru si sk sl so sq sr sr-Latn sv sw ta te th tk tr uk"
            + " ur uz uz-Cyrl vi zh zh-HK zh-TW zu";

    /** Times that test what 12-hour clocks get wrong: just after midnight, noon, the afternoon, late evening. */
    private static final List<LocalDateTime> TIMES = List.of(
            LocalDateTime.of(2023, 3, 4, 0, 5, 9),
            LocalDateTime.of(2023, 3, 4, 9, 5, 19),
            LocalDateTime.of(2023, 3, 14, 12, 5, 29),
            LocalDateTime.of(2023, 3, 14, 13, 45, 39),
            LocalDateTime.of(2023, 3, 25, 21, 5, 49),
            LocalDateTime.of(2023, 11, 2, 23, 59, 59));

    enum Shape {
        ANDROID_24H,
        ANDROID_12H,
        IOS
    }

    static Stream<Arguments> localesAndShapes() {
        return Arrays.stream(LOCALES.split(" "))
                .flatMap(tag -> Arrays.stream(Shape.values()).map(shape -> Arguments.of(tag, shape)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("localesAndShapes")
    void everyLocalesHeader_isReadToTheSecond(String tag, Shape shape) {
        Locale locale = Locale.forLanguageTag(tag);
        DateTimeFormatter header = header(locale, shape);
        StringBuilder export = new StringBuilder();
        for (int i = 0; i < TIMES.size(); i++) {
            String stamp = header.format(TIMES.get(i));
            export.append(shape == Shape.IOS ? "[" + stamp + "] Ana: message " + i : stamp + " - Ana: message " + i)
                    .append('\n');
        }

        Imports.Result result = Imports.whatsapp(export.toString());

        assertThat(result.report().skipped()).as(export.toString()).isZero();
        assertThat(result.messages())
                .as(export.toString())
                .extracting(ChatMessage::time)
                .containsExactlyElementsOf(TIMES.stream()
                        .map(time -> shape == Shape.IOS ? time : time.withSecond(0))
                        .toList());
        assertThat(result.texts()).first().isEqualTo("message 0");
    }

    /** The locale's short date joined to its time the way the locale joins date and time. */
    private static DateTimeFormatter header(Locale locale, Shape shape) {
        IsoChronology iso = IsoChronology.INSTANCE;
        String date = DateTimeFormatterBuilder.getLocalizedDateTimePattern(FormatStyle.SHORT, null, iso, locale);
        String shortTime = DateTimeFormatterBuilder.getLocalizedDateTimePattern(null, FormatStyle.SHORT, iso, locale);
        String both =
                DateTimeFormatterBuilder.getLocalizedDateTimePattern(FormatStyle.SHORT, FormatStyle.SHORT, iso, locale);
        String time = switch (shape) {
            case ANDROID_24H -> shortTime;
            case ANDROID_12H -> DateTimeFormatterBuilder.getLocalizedDateTimePattern("hm", iso, locale);
            case IOS -> DateTimeFormatterBuilder.getLocalizedDateTimePattern(null, FormatStyle.MEDIUM, iso, locale);
        };
        String pattern = both.replace(shortTime, "\u0000").replace("\u0000", time);
        return DateTimeFormatter.ofPattern(pattern, locale).withDecimalStyle(DecimalStyle.of(locale));
    }
}
