package dev.pvault.client.importer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WhatsAppStampTest {
    private final WhatsAppStamp stamp = new WhatsAppStamp();

    /** line | DMY reading (or YMD where the date starts with a year) as yyyy-MM-dd HH:mm:ss | the rest. */
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
            })
    void parse_readsEveryHeaderShape(String line, DateOrder order, String expected, String rest) {
        assertThat(stamp.parse(line)).isTrue();
        assertThat(render(order)).isEqualTo(expected);
        assertThat(line.substring(stamp.restStart)).isEqualTo(rest);
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
