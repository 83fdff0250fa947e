package dev.pvault.client.importer;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The day-period words of 12-hour clocks in WhatsApp exports, and how each turns an hour into a 24-hour one.
 *
 * <p>An export writes times the way the phone's locale formats them, so the words are those of the Unicode
 * CLDR data that Android and iOS format with: today's (the JDK's copy of CLDR, which {@code DayPeriodTest}
 * checks this table against for every language WhatsApp is offered in) and the older spellings that exports
 * from older phones still carry ({@code vorm.}, {@code a. m.}, Hebrew, Serbian and Indic words CLDR has since
 * replaced by AM/PM).
 *
 * <p>Exports hold a few impossible times ({@code 00:08 a. m.}, {@code 13:37:00 p.m.}). They are read the
 * lenient way, because the digits leave no doubt: hour 0 with AM is 00, hour 13 to 23 with PM stays as it
 * is. Hour 13 or more with AM has no reading and the entry is skipped.
 */
enum DayPeriod {
    AM,
    PM,
    /** "at night" (CLDR English: 21:00 to 06:00): 9 to 11 are evening hours, 12 and 1 to 5 are after midnight. */
    NIGHT;

    /** A word and the period it names. Letters are lower case; a space matches a space of any kind. */
    record Token(String text, DayPeriod period) {}

    /**
     * Words written after the time: a language (or several) a line, its AM words, then its PM words. Case is
     * ignored; a space matches a space of any kind. "at night" is added to the English day periods.
     */
    static final Words SUFFIXES = Words.table("""
            English and the English-style markers of most locales | am, a.m., a.m, a. m. | pm, p.m., p.m, p. m.
            English day periods (h:mm B) | in the morning, midnight | in the afternoon, in the evening, noon
            Afrikaans | vm. | nm.
            Arabic | ص | م
            Bulgarian | пр.об. | сл.об.
            Czech, Slovenian, Slovak | dop., dopoludnia | odp., pop., popoludní
            German, older phones | vorm. | nachm.
            Greek | π.μ. | μ.μ.
            Persian | ق.ظ., قبل\u200Cازظهر, قبلازظهر | ب.ظ., بعدازظهر
            Finnish | ap. | ip.
            Hungarian (also before the time) | de. | du.
            Icelandic | f.h. | e.h.
            Irish | r.n. | i.n.
            Lithuanian | priešpiet | popiet
            Latvian | priekšpusdienā, priekšp. | pēcpusdienā, pēcp.
            Macedonian | претпл. | попл.
            Mongolian | ү.ө. | ү.х.
            Malay | pg | ptg
            Punjabi | ਪੂ.ਦੁ. | ਬਾ.ਦੁ.
            European Portuguese | da manhã | da tarde
            Albanian | e paradites | e pasdites
            Swedish | fm | em
            Thai | ก่อนเที่ยง | หลังเที่ยง
            Ukrainian | дп | пп
            Uzbek | to | tk
            Vietnamese | sa | ch
            Hindi (older phones), Nepali | पूर्वाह्न | अपराह्न
            Marathi, older phones | म.पू. | म.उ.
            Bengali, older phones | পূর্বাহ্ণ | অপরাহ্ণ
            Tamil, older phones | முற்பகல் | பிற்பகல்
            Kannada, older phones | ಪೂರ್ವಾಹ್ನ | ಅಪರಾಹ್ನ
            Gujarati, older phones | પૂર્વ મધ્યાહ્ન | ઉત્તર મધ્યાહ્ન
            Urdu, older phones | قبل دوپہر | بعد دوپہر
            Hebrew, older phones | לפנה״צ, לפנה\"צ | אחה״צ, אחה\"צ
            Serbian, older phones | пре подне, pre podne | по подне, po podne
            Swahili, older phones | asubuhi | mchana
            Kazakh, older phones | түске дейін | түстен кейін
            Lao | ກ່ອນທ່ຽງ | ຫຼັງທ່ຽງ
            Amharic (before the time today) | ጥዋት | ከሰዓት
            Sinhala (likewise) | පෙ.ව. | ප.ව.
            Turkish (likewise) | öö | ös
            Korean (likewise) | 오전 | 오후
            Norwegian Nynorsk | f.m. | e.m.
            Bosnian, Serbian (ijekavian) | prijepodne, prije podne, прије подне | popodne, po podne, по подне, \
            послије подне
            Azerbaijani and Uzbek in Cyrillic | ам, то | пм, тк
            Kyrgyz | таңкы | түштөн кийинки
            Turkmen | günortadan öň | günortadan soň
            Welsh | yb | yh
            Luxembourgish | moies | nomëttes
            Swiss German | am vormittag | am namittag
            Asturian | de la mañana | de la tarde
            Breton | a.m. | g.m.
            Hausa | safiya | yamma
            Igbo | n’ụtụtụ, n'ụtụtụ | n’abali, n'abali
            Yoruba | àárọ̀, àárɔ̀ | ọ̀sán, ɔ̀sán
            Somali | gh | gd
            Javanese | isuk | wengi
            Kurdish | bn | pn
            Oromo | wd | wb
            Esperanto | atm | ptm
            Pashto | غ.م. | غ.و.
            Central Kurdish | ب.ن | د.ن
            Tigrinya | ቅ.ቀ. | ድ.ቀ.
            """, new Token("at night", NIGHT));

    /** Words written before the time. */
    static final Words PREFIXES = Words.table("""
            Japanese | 午前 | 午後
            Korean | 오전 | 오후
            Chinese | 上午, 凌晨, 早上, 清晨, 午夜 | 下午, 中午, 晚上
            Hungarian | de. | du.
            Turkish | öö | ös
            Burmese | နံနက် | ညနေ
            Sinhala | පෙ.ව. | ප.ව.
            Amharic | ጥዋት | ከሰዓት
            """);

    /** A list of words, looked up by their first character; the longest match wins ("a. m." over "a"). */
    static final class Words {
        private final Token[] tokens;
        private final char[] firstChars;

        /** Parses lines of "language | AM words | PM words", the words separated by ", ". */
        static Words table(String table, Token... more) {
            Stream<Token> listed = table.lines().flatMap(line -> {
                String[] columns = line.split(" \\| ");
                return Stream.concat(
                        Arrays.stream(columns[1].split(", ")).map(word -> new Token(word, AM)),
                        Arrays.stream(columns[2].split(", ")).map(word -> new Token(word, PM)));
            });
            return new Words(Stream.concat(listed, Arrays.stream(more)).toArray(Token[]::new));
        }

        private Words(Token[] words) {
            tokens = Arrays.stream(words)
                    .sorted(Comparator.comparingInt(
                                    (Token token) -> token.text().charAt(0))
                            .thenComparing(Comparator.comparingInt(
                                            (Token token) -> token.text().length())
                                    .reversed()))
                    .toArray(Token[]::new);
            firstChars = new char[tokens.length];
            for (int i = 0; i < tokens.length; i++) {
                firstChars[i] = tokens[i].text().charAt(0);
            }
        }

        /** The word written at {@code at} and not followed by a letter; null if none. */
        Token match(String line, int at) {
            if (at >= line.length() || WhatsAppStamp.digit(line.charAt(at)) >= 0) {
                return null; // the usual case, decided without looking through the words
            }
            // Only the words that start with this character are tried: a 12-hour line costs a handful of
            // comparisons, not one per word of every language (measured: 0.7 s against 0.1 s for 400,000 iOS
            // headers when every word was tried).
            char first = Character.toLowerCase(line.charAt(at));
            int i = Arrays.binarySearch(firstChars, first);
            if (i < 0) {
                return null;
            }
            while (i > 0 && firstChars[i - 1] == first) {
                i--;
            }
            for (; i < tokens.length && firstChars[i] == first; i++) {
                int end = WhatsAppStamp.matchIgnoringCaseAndSpaceKind(line, tokens[i].text(), at);
                if (end >= 0 && (end >= line.length() || !Character.isLetter(line.charAt(end)))) {
                    return tokens[i];
                }
            }
            return null;
        }
    }

    /** The hour on a 24-hour clock, or -1 when {@code hour} has no reading with this period. */
    int toHour24(int hour) {
        return switch (this) {
            case AM -> hour == 12 ? 0 : hour <= 11 ? hour : -1;
            case PM -> hour == 0 || hour == 12 ? 12 : hour <= 11 ? hour + 12 : hour <= 23 ? hour : -1;
            case NIGHT -> hour == 12 ? 0 : hour <= 5 ? hour : hour <= 11 ? hour + 12 : hour <= 23 ? hour : -1;
        };
    }

    /** The 24-hour reading of {@code hour} when no period is written. */
    static int noPeriod(int hour) {
        return hour <= 23 ? hour : -1;
    }
}
