package dev.pvault.client.importer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WhatsAppStampTest {
    private final WhatsAppStamp stamp = new WhatsAppStamp();

    /**
     * line | the reading (DMY, MDY or YMD) | yyyy-MM-dd HH:mm:ss | the rest.
     */
    @ParameterizedTest
    @CsvSource(
            delimiterString = " | ",
            value = {
                "24/11/18, 21:33 - A: hi | DMY | 2018-11-24 21:33:00 | A: hi",
                "[24/11/2018, 21:33:07] A: hi | DMY | 2018-11-24 21:33:07 | A: hi",
                "24.11.2018, 21:33 - A: hi | DMY | 2018-11-24 21:33:00 | A: hi",
                "24-11-2018, 09:33:10 PM - A: hi | DMY | 2018-11-24 21:33:10 | A: hi",
                "11/24/18, 9:33 pm - A: hi | MDY | 2018-11-24 21:33:00 | A: hi",
                "[11/24/18 9:33:00 p.m.] A: hi | MDY | 2018-11-24 21:33:00 | A: hi",
                "2018-11-24, 9:33 PM - A: hi | YMD | 2018-11-24 21:33:00 | A: hi",
                "[2018-11-24 21:33] A: hi | YMD | 2018-11-24 21:33:00 | A: hi",
                "2018/11/24, 21:33 - A: hi | YMD | 2018-11-24 21:33:00 | A: hi",
                "24.11.2018 klo 21.33.05 - A: hi | DMY | 2018-11-24 21:33:05 | A: hi",
                "24.11.18 21.33.05: A: hi | DMY | 2018-11-24 21:33:05 | A: hi",
                "24/11/2018, 9:33 in the evening - A: hi | DMY | 2018-11-24 21:33:00 | A: hi",
                "24/11/2018, 12:05 at night - A: hi | DMY | 2018-11-24 00:05:00 | A: hi",
                "24/11/2018, 11:05 at night - A: hi | DMY | 2018-11-24 23:05:00 | A: hi",
                "24/11/2018, 12:05 in the afternoon - A: hi | DMY | 2018-11-24 12:05:00 | A: hi",
                "24/11/2018, 9:05 vorm. - A: hi | DMY | 2018-11-24 09:05:00 | A: hi",
                "2018. 11. 24. 오후 9:33 - A: hi | YMD | 2018-11-24 21:33:00 | A: hi",
                "2018/11/24 下午9:33 - A: hi | YMD | 2018-11-24 21:33:00 | A: hi",
                "24/11/2018, 00:08 a. m. - A: hi | DMY | 2018-11-24 00:08:00 | A: hi",
                "24/11/2018, 13:37 p.m. - A: hi | DMY | 2018-11-24 13:37:00 | A: hi",
                "24/11/2018, 12:00 AM - A: hi | DMY | 2018-11-24 00:00:00 | A: hi",
                "24/11/2018, 12:00 PM - A: hi | DMY | 2018-11-24 12:00:00 | A: hi",
                "24/11/2018, 21:33 - Alice created group \"x\" | DMY | 2018-11-24 21:33:00 | Alice created group \"x\"",
                // the punctuation locales put around date and time
                // Arabic: U+200F after each number, the Arabic comma, Arabic-Indic digits, a no-break space
                "[\u200F14\u200F/3\u200F/2023\u060C 9:05:09\u00A0م] ليلى: x | DMY | 2023-03-14 21:05:09 | ليلى: x",
                "[١٤\u200F/٣\u200F/٢٠٢٣\u060C ٩:٠٥:٠٩\u00A0ص] A: x | DMY | 2023-03-14 09:05:09 | A: x",
                "14\u200F/3\u200F/2023\u060C 9:05 \u0645 - A: x | DMY | 2023-03-14 21:05:00 | A: x",
                // Persian: its digits, year first, Arabic comma then U+200F
                "۲۰۲۳/۳/۱۴\u060C\u200F ۲۱:۰۵ - A: x | YMD | 2023-03-14 21:05:00 | A: x",
                // Bulgarian: "г." after the year, "ч." after the time
                "14.03.23\u202F\u0433., 21:05 - A: x | DMY | 2023-03-14 21:05:00 | A: x",
                "14.03.2023 \u0433. 21:05 \u0447. - A: x | DMY | 2023-03-14 21:05:00 | A: x",
                "14.03.23 \u0433., 9:05 \u0447. \u0441\u043B.\u043E\u0431. - A: x | DMY | 2023-03-14 21:05:00 | A: x",
                // Canadian French: "h" between hours and minutes
                "2023-03-14 21 h 05 - A: x | YMD | 2023-03-14 21:05:00 | A: x",
                "[2023-03-14 21 h 05 min 09 s] A: x | YMD | 2023-03-14 21:05:09 | A: x",
                "2023-03-14, 9 h 05 p.m. - A: x | YMD | 2023-03-14 21:05:00 | A: x",
                // Vietnamese: the time first
                "21:05 14/3/23 - A: x | DMY | 2023-03-14 21:05:00 | A: x",
                "[21:05:09, 14/3/23] A: x | DMY | 2023-03-14 21:05:09 | A: x",
                "9:05\u202FCH 14/3/23 - A: x | DMY | 2023-03-14 21:05:00 | A: x",
                // a dot after the time
                "2022/12/14, 13:34. - A: x | YMD | 2022-12-14 13:34:00 | A: x",
                // a word between date and time
                "26/09/2019 \u00E0 22:39 - A: x | DMY | 2019-09-26 22:39:00 | A: x",
                "12.07.17 um 22:35 - A: x | DMY | 2017-07-12 22:35:00 | A: x",
                "14/03/2023 \u00E0s 21:05 - A: x | DMY | 2023-03-14 21:05:00 | A: x",
                "14-03-2023 om 21:05 - A: x | DMY | 2023-03-14 21:05:00 | A: x",
                "3/14/23 at 9:05 PM - A: x | MDY | 2023-03-14 21:05:00 | A: x",
                "14.03.2023 kl. 21.05 - A: x | DMY | 2023-03-14 21:05:00 | A: x",
                "2023/3/14\u060C \u0633\u0627\u0639\u062A 21:05 - A: x | YMD | 2023-03-14 21:05:00 | A: x",
                // calendars: Buddhist era (with and without "BE"), Japanese eras
                "[3/27/2566 BE, 21:41:35] A: x | MDY | 2023-03-27 21:41:35 | A: x",
                "14/3/2566 21:05 - A: x | DMY | 2023-03-14 21:05:00 | A: x",
                "[3/27/R5, 21:41:35] A: x | MDY | 2023-03-27 21:41:35 | A: x",
                "[H30/03/27 21:41:35] A: x | YMD | 2018-03-27 21:41:35 | A: x",
                // the day period before the time
                "23. 3. 14. \uC624\uD6C4 9:05 - A: x | YMD | 2023-03-14 21:05:00 | A: x",
                "2023. 03. 14. du.\u202F9:05 - A: x | YMD | 2023-03-14 21:05:00 | A: x",
                "14.03.2023 \u00D6S\u202F9:05 - A: x | DMY | 2023-03-14 21:05:00 | A: x",
                "၁၄/၃/၂၃ ညနေ ၉:၀၅ - A: x | DMY | 2023-03-14 21:05:00 | A: x",
                "2023-03-14 \u0DB4.\u0DC0. 9.05 - A: x | YMD | 2023-03-14 21:05:00 | A: x",
                // digits of other scripts: Bengali, Devanagari
                "\u09E7\u09EA/\u09E9/\u09E8\u09E9 \u09EF:\u09E6\u09EB PM - A: x | DMY | 2023-03-14 21:05:00 | A: x",
                "\u0967\u096A/\u0969/\u0968\u0969, \u096F:\u0966\u096B PM - A: x | DMY | 2023-03-14 21:05:00 | A: x",
                // other spaces and zero-width characters
                "14/03/2023,\u20079:05\u2002PM - A: x | DMY | 2023-03-14 21:05:00 | A: x",
                "[\uFEFF14.03.23, 21:05:09] A: x | DMY | 2023-03-14 21:05:09 | A: x",
                "\u200B14/03/2023,\u200B 21:05\u2060 - A: x | DMY | 2023-03-14 21:05:00 | A: x",
                "14/03/2023\u3000\u4E0B\u5348\u0039:05 - A: x | DMY | 2023-03-14 21:05:00 | A: x",
            })
    void parse_readsEveryHeaderShape(String line, DateOrder order, String expected, String rest) {
        assertThat(stamp.parse(line)).isTrue();
        assertThat(render(order)).isEqualTo(expected);
        assertThat(line.substring(stamp.restStart)).isEqualTo(rest);
    }

    /** 12-hour clocks of many languages, today's CLDR and older phones: line | the 24-hour hour. */
    @ParameterizedTest
    @CsvSource(
            delimiterString = " | ",
            value = {
                "2023-03-14 9:05\u202Fem - A: x | 21", // Swedish
                "2023-03-14 9:05\u202Ffm - A: x | 9",
                "14.3.2023 klo 9.05\u202Fip. - A: x | 21", // Finnish
                "14/03/23, 9:05\u202FPTG - A: x | 21", // Malay
                "14/03/23, 9:05\u202FPG - A: x | 9",
                "14.03.23, 9:05\u202F\u043F\u043F - A: x | 21", // Ukrainian
                "14.03.23 9:05\u202Fodp. - A: x | 21", // Czech
                "14. 3. 23, 9:05\u202Fpop. - A: x | 21", // Slovenian
                "2023-03-14 09:05\u202Fpopiet - A: x | 21", // Lithuanian
                "14.03.23 9:05\u202Fp\u0113cpusdien\u0101 - A: x | 21", // Latvian
                "14.3.23, 9:05\u202F\u043F\u043E\u043F\u043B. - A: x | 21", // Macedonian
                "14.3.23, 9:05\u202Fe pasdites - A: x | 21", // Albanian
                "14/03/23, 9:05\u202Fda tarde - A: x | 21", // European Portuguese
                "14/03/23, 12:05\u202Fda manh\u00E3 - A: x | 0",
                "14/3/23 9:05 \u0E2B\u0E25\u0E31\u0E07\u0E40\u0E17\u0E35\u0E48\u0E22\u0E07 - A: x | 21", // Thai
                "2023/3/14\u060C 9:05 \u0628\u0639\u062F\u0627\u0632\u0638\u0647\u0631 - A: x | 21", // Persian
                "14.3.2023, 9:05 \u05D0\u05D7\u05D4\u05F4\u05E6 - A: x | 21", // Hebrew, older phones
                "14.3.2023. 9:05 \u043F\u043E \u043F\u043E\u0434\u043D\u0435 - A: x | 21", // Serbian, older phones
                "14.3.2023, 9:05\u202Fe.h. - A: x | 21", // Icelandic
                "14/03/2023 9:05\u202Fi.n. - A: x | 21", // Irish
                "2023-03-14 9:05\u202Fnm. - A: x | 21", // Afrikaans
                "14/03/23, 9:05\u202FTK - A: x | 21", // Uzbek
                "2023.03.14 9:05\u202F\u04AF.\u0445. - A: x | 21", // Mongolian
                "14/3/23, 9:05 \u0A2C\u0A3E.\u0A26\u0A41. - A: x | 21", // Punjabi
                "14/3/23, 9:05 \u0905\u092A\u0930\u093E\u0939\u094D\u0928 - A: x | 21", // Hindi, older phones
                "14/3/23, 9:05 p.\u00A0m. - A: x | 21", // Catalan, Spanish
                "14/03/2023 9:05\u202Fyh - A: x | 21", // Welsh
                "14/03/2023, 9:05 in the evening - A: x | 21",
                "14.03.23, 9:05 am Namittag - A: x | 21", // Swiss German: not "am" and a word
                "3/14/23, 9:05 PM: A: x | 21",
                "[3/14/23, 9:05:00 am] A: x | 9",
            })
    void parse_readsTheDayPeriodsOfManyLanguages(String line, int hour) {
        assertThat(stamp.parse(line)).as(line).isTrue();
        assertThat(stamp.hour24()).as(line).isEqualTo(hour);
    }

    @Test
    void parse_acceptsEverySpaceKindBeforeTheDayPeriod() {
        for (String space : new String[] {" ", "\u00A0", "\u202F", "\u2009"}) {
            assertThat(stamp.parse("[13/11/2025, 12:25:55" + space + "PM] A: x"))
                    .isTrue();
            assertThat(stamp.hour24()).isEqualTo(12);
            assertThat(stamp.parse("09/10/22, 10:37 p." + space + "m. - A: x")).isTrue();
            assertThat(stamp.hour24()).isEqualTo(22);
        }
    }

    @Test
    void parse_skipsDirectionMarksAndByteOrderMarkBeforeTheStamp() {
        assertThat(stamp.parse("\u200E[03/20/2022, 20:08:51] person4: x")).isTrue();
        assertThat(stamp.parse("\uFEFF16.03.2022, 15:10 - x")).isTrue();
        assertThat(stamp.parse("\u200F\u202A24/11/18, 21:33 - A: hi")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "hello world",
                "Sample User: This file has nothing to do with whatsapp",
                "24/11/18 hi",
                "24/11/18, - A: hi",
                "24/11, 21:33 - A: hi",
                "24/11/183, 21:33 - A: hi",
                "24/11.18, 21:33 - A: hi",
                "24/11/18, 21:3 - A: hi",
                "24/11/18, 21:33 A: hi",
                "24/11/18, 21:33 -A: hi",
                "[24/11/18, 21:33 A: hi",
                "[24/11/18, 21:33]A: hi",
                "124/11/18, 21:33 - A: hi",
                "12.05.20 10.00: meeting moved",
                "1. Review pull requests",
                "2019-04-16 is a date",
                "24/11/18 at the station - A: hi",
                "12/05/2020 meeting at 10:00 - A: hi",
                "10:00 tomorrow - A: hi",
                "21:05 and then 14/3/23 - A: hi",
                "[10/7, 00:24] Abi: a pasted copy has no year",
                "Hello 24/11/18, 21:33 - A: hi",
                "H/11/18, 21:33 - A: hi",
            })
    void parse_rejectsLinesThatDoNotStartWithAStamp(String line) {
        assertThat(stamp.parse(line)).isFalse();
    }

    @Test
    void date_isNullWhereTheOrderMakesItImpossible() {
        assertThat(stamp.parse("31/06/2022, 10:00 - A: x")).isTrue();
        assertThat(stamp.date(DateOrder.DMY)).isNull();
        assertThat(stamp.parse("29/02/2024, 10:00 - A: x")).isTrue();
        assertThat(stamp.date(DateOrder.DMY)).containsExactly(2024, 2, 29);
        assertThat(stamp.parse("29/02/2023, 10:00 - A: x")).isTrue();
        assertThat(stamp.date(DateOrder.DMY)).isNull();
        assertThat(stamp.parse("2024-02-29, 10:00 - A: x")).isTrue();
        assertThat(stamp.date(DateOrder.DMY))
                .as("a year-first date in a DMY file")
                .isNull();
    }

    @Test
    void hour24_isMinusOneForTimesWithNoReading() {
        assertThat(stamp.parse("24/11/2018, 25:10 - A: x")).isTrue();
        assertThat(stamp.hour24()).isEqualTo(-1);
        assertThat(stamp.parse("24/11/2018, 13:10 AM - A: x")).isTrue();
        assertThat(stamp.hour24()).isEqualTo(-1);
        assertThat(stamp.parse("24/11/2018, 10:61 - A: x")).isTrue();
        assertThat(stamp.hour24()).isEqualTo(-1);
    }

    private String render(DateOrder order) {
        int[] date = stamp.date(order);
        return "%04d-%02d-%02d %02d:%02d:%02d"
                .formatted(date[0], date[1], date[2], stamp.hour24(), stamp.minute, Math.max(stamp.secondOfMinute, 0));
    }
}
