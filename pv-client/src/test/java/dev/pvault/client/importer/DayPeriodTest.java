package dev.pvault.client.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DayPeriodTest {

    /** Every language of {@link WhatsAppLocalesTest}, and some only a phone's region setting brings. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "af", "am", "ar", "az", "az-Cyrl", "bg", "bn", "br", "bs", "ca", "ckb", "cs", "cy", "da", "de", "el",
                "en", "en-CA", "en-IN", "eo", "es", "es-419", "et", "fa", "fi", "fil", "fr", "ga", "gl", "gsw", "gu",
                "ha", "he", "hi", "hr", "hu", "hy", "id", "ig", "is", "it", "ja", "jv", "ka", "kk", "km", "kn", "ko",
                "ku", "ky", "lb", "lo", "lt", "lv", "mk", "ml", "mn", "mr", "ms", "my", "nb", "ne", "nl", "nn", "om",
                "pa", "pl", "ps", "pt", "pt-PT", "ro", "ru", "si", "sk", "sl", "so", "sq", "sr", "sr-Latn", "sv", "sw",
                "ta", "te", "th", "ti", "tk", "tr", "uk", "ur", "uz", "uz-Cyrl", "vi", "yo", "zh", "zh-TW", "zu"
            })
    void theJdksAmAndPmMarkers_areKnown(String tag) {
        Locale locale = Locale.forLanguageTag(tag);
        DateTimeFormatter marker = DateTimeFormatter.ofPattern("a", locale);
        assertThat(period(marker.format(LocalTime.of(9, 0)))).as(tag + " AM").isEqualTo(DayPeriod.AM);
        assertThat(period(marker.format(LocalTime.of(21, 0)))).as(tag + " PM").isEqualTo(DayPeriod.PM);
    }

    private static DayPeriod period(String word) {
        DayPeriod.Token suffix = DayPeriod.SUFFIXES.match(word, 0);
        DayPeriod.Token prefix = DayPeriod.PREFIXES.match(word, 0);
        DayPeriod.Token token = suffix != null ? suffix : prefix;
        return token != null && token.text().length() == word.length() ? token.period() : null;
    }

    @ParameterizedTest
    @CsvSource({
        "AM, 12, 0",
        "AM, 0, 0",
        "AM, 11, 11",
        "AM, 13, -1",
        "PM, 12, 12",
        "PM, 0, 12",
        "PM, 1, 13",
        "PM, 13, 13",
        "PM, 24, -1",
        "NIGHT, 12, 0",
        "NIGHT, 3, 3",
        "NIGHT, 9, 21",
        "NIGHT, 23, 23"
    })
    void toHour24(DayPeriod period, int hour, int expected) {
        assertThat(period.toHour24(hour)).isEqualTo(expected);
    }

    @Test
    void aWordMustEndWhereTheMarkerEnds() {
        assertThat(DayPeriod.SUFFIXES.match("pmx", 0)).isNull();
        assertThat(DayPeriod.SUFFIXES.match("emma", 0)).isNull();
        assertThat(DayPeriod.PREFIXES.match("下午9:05", 0).period()).isEqualTo(DayPeriod.PM);
        assertThat(DayPeriod.SUFFIXES.match("p.\u00A0m.", 0).period())
                .as("a no-break space inside the marker")
                .isEqualTo(DayPeriod.PM);
        assertThat(DayPeriod.SUFFIXES.match("9", 0)).isNull();
    }
}
