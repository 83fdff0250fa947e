package dev.pvault.client.importer;

/**
 * Recognises the date and time that start a WhatsApp message line, and keeps its parts. One instance is
 * reused line after line (the parse loop allocates nothing for it).
 *
 * <pre>
 * line   = ign* ( "[" stamp "]" space rest            iOS:      [16/03/2022, 15:10:17] Name: text
 *               | stamp blank* dash space rest         Android:  16/03/2022, 15:10 - Name: text
 *               | stamp ":" space rest )               older:    13.06.18 21.25.15: Name: text (needs "Name:")
 * stamp  = date glue time                              most locales
 *        | time glue date                              Vietnamese: 21:05 14/3/23 - ..., [21:41:35, 3/27/22] ...
 * date   = year-or-number sep number sep year-or-number dateEnd        sep: one of / . - (the same twice)
 * dateEnd = "."? (blank? "BE")? (blank? yearLetter ".")?  "2019. 4. 16.", "2565 BE", Bulgarian "14.03.23 г."
 * glue   = ("," | "،" | blank)* (word blank+)?          word: up to 6 letters and a dot: "klo", "kl.", "à", "um"
 * time   = prefix? hour (":" | "." | blank* "h" blank*) minute ((":" | ".") second)? timeEnd suffix?
 * timeEnd = "." (not before a digit) | blank+ "ч."     "13:01. - ", Bulgarian "21:05 ч."
 * suffix = blank? one of DayPeriod.SUFFIXES            prefix = one of DayPeriod.PREFIXES blank?
 * blank  = a space of any kind (U+0020, U+00A0, U+202F, U+2000..U+200A, ...) or an ignorable mark
 * ign    = direction marks (U+200E, U+200F, U+061C, U+202A..U+202E, U+2066..U+2069), U+FEFF, zero-width
 *          characters (U+200B..U+200D, U+2060) and the soft hyphen: skipped anywhere in the stamp, as Arabic
 *          exports put U+200F after every number of the date ("14‏/3‏/2023، 9:05 م")
 * </pre>
 *
 * Digits may be of any script (Arabic-Indic, Persian, Devanagari, Bengali...). Years in the Thai Buddhist era
 * (a "BE" after them, or 2400 and above) and Japanese era years ("R4", "H30") are converted to the Gregorian
 * year here.
 *
 * <p>Which of the three date numbers is the day is not decided here: that is a whole-file decision ({@link
 * DateOrderVote}), and so is whether time-first lines are headers at all ({@link WhatsAppParser}: pasted
 * messages have the time-first shape too). Value ranges are checked when the date is read in an order
 * ({@link #dateKey}).
 */
final class WhatsAppStamp {
    /** The longest word between date and time: Persian "ساعت", Italian "alle". */
    private static final int MAX_GLUE_LETTERS = 6;

    /** Letters that abbreviate "year" after a date: Bulgarian "г.", Ukrainian "р.", Kazakh "ж.", Armenian "թ.". */
    private static final String YEAR_ABBREVIATIONS = "гржթ";

    /** Where a year of the Thai Buddhist era starts counting (BE 2566 is 2023). */
    private static final int BUDDHIST_ERA_OFFSET = 543;

    int first;
    int second;
    int third;
    /** Digits written; 4 also for a year converted from an era. */
    int firstWidth;

    int secondWidth;
    int thirdWidth;
    char dateSeparator;
    /**
     * The Korean short date "yy. M. d.": dots, a space after each, a final dot, two-digit numbers. The year may
     * come first (Korean) or last (Croatian in Bosnia writes "d. M. yy."): {@link DateOrderVote} decides.
     */
    boolean koreanShape;
    /** Whether the time came before the date (Vietnamese). */
    boolean timeFirst;
    /** Whether the stamp stood in brackets (iOS). */
    boolean bracketed;

    int hour;
    int minute;
    int secondOfMinute;
    DayPeriod period;
    int restStart;

    private int year;
    private int month;
    private int day;
    private String line;
    private int pos;
    /** Digits of the number {@link #yearOrNumber} read last; 4 for an era year. */
    private int width;

    /** Parses the start of {@code text}; true when it is a message line, with the fields set. */
    boolean parse(String text) {
        line = text;
        int n = text.length();
        pos = skipIgnorable(text, 0);
        boolean bracket = pos < n && text.charAt(pos) == '[';
        bracketed = bracket;
        if (bracket) {
            pos++;
            pos = skipIgnorable(text, pos);
        }
        if (pos >= n || digit(text.charAt(pos)) < 0 && !isEraLetter(text.charAt(pos))) {
            return false; // the common case for continuation lines: decided on one character
        }
        int start = pos;
        timeFirst = false;
        if (!(date() && glue() && time())) {
            pos = start;
            timeFirst = true;
            if (!(time() && glue() && date())) {
                return false;
            }
        }
        ignorable(); // marks between the stamp and what follows: "[‏14‏/3‏/2023، 9:05 م‏]"
        if (bracket) {
            if (pos >= n || text.charAt(pos) != ']') {
                return false;
            }
            pos++;
            if (pos < n) {
                if (!isSpace(text.charAt(pos))) {
                    return false;
                }
                pos++;
            }
            restStart = pos;
            return true;
        }
        if (pos + 1 < n && text.charAt(pos) == ':' && isSpace(text.charAt(pos + 1))) {
            // "13.06.18 21.25.15: Laura: text" - only with an author, else a typed "12.05.20 10.00: go" would
            // start a message of its own.
            restStart = pos + 2;
            return text.indexOf(':', restStart) > restStart;
        }
        int blanks = blanks();
        if (blanks == 0 || pos >= n) {
            return false;
        }
        char dash = text.charAt(pos);
        if (dash != '-' && dash != '–') {
            return false;
        }
        pos++;
        if (pos < n) {
            if (!isSpace(text.charAt(pos))) {
                return false;
            }
            pos++;
        }
        restStart = pos;
        return true;
    }

    private boolean date() {
        first = yearOrNumber();
        if (first < 0) {
            return false;
        }
        firstWidth = width;
        if (firstWidth == 3 || pos >= line.length()) {
            return false;
        }
        char separator = line.charAt(pos);
        if (separator != '/' && separator != '.' && separator != '-') {
            return false;
        }
        dateSeparator = separator;
        pos++;
        boolean spaced = spaceAfterDot(separator);
        int start = pos;
        second = number(1, 2);
        if (second < 0) {
            return false;
        }
        secondWidth = pos - start;
        ignorable();
        if (pos >= line.length() || line.charAt(pos) != separator) {
            return false;
        }
        pos++;
        spaced &= spaceAfterDot(separator);
        third = yearOrNumber();
        if (third < 0) {
            return false;
        }
        thirdWidth = width;
        boolean finalDot = separator == '.' && pos < line.length() && line.charAt(pos) == '.';
        if (finalDot) {
            pos++; // "2019. 4. 16." and "13.06.18."
        }
        koreanShape = spaced && finalDot && firstWidth == 2 && thirdWidth <= 2;
        if (firstWidth == 4 ? thirdWidth > 2 : thirdWidth != 2 && thirdWidth != 4 && !koreanShape) {
            return false;
        }
        yearSuffix();
        return true;
    }

    /**
     * A number of 1 to 4 digits, or a Japanese era year ("R4" is 2022, "H30" is 2018); ignorable marks after
     * it are skipped. A Buddhist-era four-digit year (2400 or more) becomes the Gregorian one.
     */
    private int yearOrNumber() {
        if (pos < line.length() && isEraLetter(line.charAt(pos))) {
            int eraStart = line.charAt(pos) == 'R' ? 2018 : 1988; // Reiwa 1 is 2019, Heisei 1 is 1989
            pos++;
            int value = number(1, 2);
            if (value < 1) {
                return -1;
            }
            ignorable();
            width = 4;
            return eraStart + value;
        }
        int start = pos;
        int value = number(1, 4);
        width = pos - start;
        if (value >= 0 && width == 4 && value >= 2400) {
            value -= BUDDHIST_ERA_OFFSET;
        }
        ignorable();
        return value;
    }

    private static boolean isEraLetter(char c) {
        return c == 'R' || c == 'H';
    }

    /** Skips marks and, after a dot, one space; true if a space was skipped. */
    private boolean spaceAfterDot(char separator) {
        ignorable();
        boolean spaced = false;
        if (separator == '.' && pos < line.length() && line.charAt(pos) == ' ') {
            pos++;
            spaced = true;
        }
        ignorable();
        return spaced;
    }

    /**
     * "2565 BE" (the year, 2400 or more, has already been read as Buddhist-era), or a one-letter year
     * abbreviation ({@link #YEAR_ABBREVIATIONS}).
     */
    private void yearSuffix() {
        if (pos >= line.length() || line.charAt(pos) == ',' || line.charAt(pos) == ']') {
            return; // most dates: decided on one character
        }
        int start = pos;
        blanks();
        if (line.startsWith("BE", pos) && !isLetterAt(pos + 2)) {
            pos += 2;
            return;
        }
        if (pos + 1 < line.length()
                && YEAR_ABBREVIATIONS.indexOf(line.charAt(pos)) >= 0
                && line.charAt(pos + 1) == '.'
                && !isLetterAt(pos - 1)) {
            pos += 2;
            return;
        }
        pos = start;
    }

    /**
     * What stands between date and time: commas (Latin or Arabic), blanks, and at most one short word
     * ("klo", "kl.", "à", "um"). A day-period word is not glue: it belongs to the time ("오후 9:05").
     */
    private boolean glue() {
        int start = pos;
        skipCommasAndBlanks();
        if (pos < line.length()
                && Character.isLetter(line.charAt(pos))
                && DayPeriod.PREFIXES.match(line, pos) == null) {
            int wordStart = pos;
            while (pos < line.length() && Character.isLetter(line.charAt(pos)) && pos - wordStart < MAX_GLUE_LETTERS) {
                pos++;
            }
            if (pos < line.length() && line.charAt(pos) == '.') {
                pos++;
            }
            if (blanks() == 0) {
                return false;
            }
        }
        return pos > start;
    }

    private void skipCommasAndBlanks() {
        while (pos < line.length()) {
            char c = line.charAt(pos);
            if (c == ',' || c == '،' || isSpace(c) || isIgnorable(c)) {
                pos++;
            } else {
                return;
            }
        }
    }

    private boolean time() {
        period = null;
        DayPeriod.Token prefix = DayPeriod.PREFIXES.match(line, pos);
        if (prefix != null) {
            period = prefix.period();
            pos += prefix.text().length();
            blanks();
        }
        hour = number(1, 2);
        if (hour < 0 || pos >= line.length()) {
            return false;
        }
        ignorable();
        if (!minutes()) {
            return false;
        }
        if (period == null) {
            suffix();
        }
        timeEnd();
        if (period == null) {
            suffix();
        }
        return true;
    }

    /** ":MM[:SS]", ".MM[.SS]", or Canadian French " h MM" (with " min SS s" when seconds are shown). */
    private boolean minutes() {
        secondOfMinute = -1;
        if (pos >= line.length()) {
            return false;
        }
        char separator = line.charAt(pos);
        if (separator == ':' || separator == '.') {
            pos++;
            minute = twoDigits();
            if (minute < 0) {
                return false;
            }
            int mark = pos;
            if (pos < line.length() && line.charAt(pos) == separator) {
                pos++;
                secondOfMinute = twoDigits();
                if (secondOfMinute < 0) {
                    secondOfMinute = -1;
                    pos = mark;
                }
            }
            return true;
        }
        blanks();
        if (pos >= line.length() || line.charAt(pos) != 'h') {
            return false;
        }
        pos++;
        blanks();
        minute = twoDigits();
        if (minute < 0) {
            return false;
        }
        int mark = pos;
        if (blanks() > 0 && line.startsWith("min", pos)) {
            pos += 3;
            blanks();
            secondOfMinute = twoDigits();
            if (secondOfMinute >= 0 && blanks() > 0 && pos < line.length() && line.charAt(pos) == 's') {
                pos++;
                return true;
            }
        }
        secondOfMinute = -1;
        pos = mark;
        return true;
    }

    /** Exactly two digits not followed by a third; -1 otherwise (the position is then unspecified). */
    private int twoDigits() {
        int start = pos;
        int value = number(2, 2);
        return value >= 0 && pos - start == 2 ? value : -1;
    }

    /** A dot right after the time ("13:01. - "), and the Bulgarian hour abbreviation ("21:05 ч."). */
    private void timeEnd() {
        if (pos >= line.length()) {
            return;
        }
        char c = line.charAt(pos);
        if (c == '.' && (pos + 1 >= line.length() || digit(line.charAt(pos + 1)) < 0)) {
            pos++;
            return;
        }
        if (!isSpace(c)) {
            return; // "]", "-", ":" or a day period: most lines
        }
        int start = pos;
        blanks();
        if (line.startsWith("ч.", pos)) {
            pos += 2;
        } else {
            pos = start;
        }
    }

    private void suffix() {
        int start = pos;
        blanks();
        if (pos < line.length()) {
            char c = line.charAt(pos);
            // The terminators: most lines, decided without looking through the words.
            if (c != '-' && c != '–' && c != ']' && c != ':' && c != ',') {
                if (plainAmPm()) {
                    return;
                }
                DayPeriod.Token suffix = DayPeriod.SUFFIXES.match(line, pos);
                if (suffix != null) {
                    period = suffix.period();
                    pos += suffix.text().length();
                    return;
                }
            }
        }
        pos = start;
    }

    /**
     * "AM" or "PM" (any case) that ends the stamp: most 12-hour lines, read without looking through the words of
     * every language (measured: 440,000 iOS lines parse in 0.045 s with it, 0.105 s without).
     */
    private boolean plainAmPm() {
        if (pos + 1 >= line.length() || (line.charAt(pos + 1) | 0x20) != 'm') {
            return false;
        }
        char letter = (char) (line.charAt(pos) | 0x20);
        if (letter != 'a' && letter != 'p') {
            return false;
        }
        int end = pos + 2;
        if (end < line.length()) {
            char next = line.charAt(end);
            boolean dashNext = end + 1 < line.length() && (line.charAt(end + 1) == '-' || line.charAt(end + 1) == '–');
            if (next != ']' && !(next == ' ' && dashNext)) {
                return false; // "am vormittag", "a.m.": the words decide
            }
        }
        period = letter == 'a' ? DayPeriod.AM : DayPeriod.PM;
        pos = end;
        return true;
    }

    /** The end of {@code token} matched at {@code at}, any space kind matching any other; -1 if none. */
    static int matchIgnoringCaseAndSpaceKind(String line, String token, int at) {
        int i = at;
        for (int t = 0; t < token.length(); t++, i++) {
            if (i >= line.length()) {
                return -1;
            }
            char expected = token.charAt(t);
            char actual = line.charAt(i);
            if (expected == ' ') {
                if (!isSpace(actual)) {
                    return -1;
                }
            } else if (actual != expected
                    && (actual < 0x80
                            ? actual < 'A' || actual > 'Z' || actual + ('a' - 'A') != expected
                            : Character.toLowerCase(actual) != expected)) {
                return -1;
            }
        }
        return i;
    }

    /** Reads {@code min..max} digits of any script; -1 when there are fewer, or more follow. */
    private int number(int min, int max) {
        int value = 0;
        int count = 0;
        int d;
        while (pos < line.length() && (d = digit(line.charAt(pos))) >= 0) {
            if (count == max) {
                return -1;
            }
            value = value * 10 + d;
            pos++;
            count++;
        }
        return count >= min ? value : -1;
    }

    /** Skips blanks (spaces and ignorable marks); the number of characters skipped. */
    private int blanks() {
        int start = pos;
        while (pos < line.length() && (isSpace(line.charAt(pos)) || isIgnorable(line.charAt(pos)))) {
            pos++;
        }
        return pos - start;
    }

    private void ignorable() {
        pos = skipIgnorable(line, pos);
    }

    private boolean isLetterAt(int i) {
        return i >= 0 && i < line.length() && Character.isLetter(line.charAt(i));
    }

    /** The 24-hour clock hour, or -1 when the time has no reading. */
    int hour24() {
        if (minute > 59 || secondOfMinute > 59) {
            return -1;
        }
        return period == null ? DayPeriod.noPeriod(hour) : period.toHour24(hour);
    }

    /** Whether the first date number is a year beyond doubt: four digits, or an era year. */
    boolean yearFirst() {
        return firstWidth == 4;
    }

    /** Year, month and day of this date read in {@code order}, as {@code {year, month, day}}; null if invalid. */
    int[] date(DateOrder order) {
        return read(order) ? new int[] {year, month, day} : null;
    }

    /**
     * A number that grows with the date read in {@code order} (not a day count: only its order matters), or
     * -1 when the date is not valid in that order. Allocation-free, for the first pass.
     */
    int dateKey(DateOrder order) {
        return read(order) ? (year * 13 + month) * 32 + day : -1;
    }

    /** Sets {@link #year}, {@link #month} and {@link #day} as read in {@code order}; false if not a valid date. */
    private boolean read(DateOrder order) {
        boolean ymd = order == DateOrder.YMD;
        // A year known as one (four digits, an era) cannot stand where the order puts the day or the month; a
        // two-digit number comes first as the year only in the Korean shape.
        if (ymd ? thirdWidth == 4 || !yearFirst() && !koreanShape : yearFirst()) {
            return false;
        }
        int yearField = ymd ? first : third;
        year = (ymd ? firstWidth : thirdWidth) == 4 ? yearField : 2000 + yearField;
        month = order == DateOrder.MDY ? first : second;
        day = switch (order) {
            case YMD -> third;
            case DMY -> first;
            case MDY -> second;
        };
        return isValid(year, month, day);
    }

    static boolean isValid(int year, int month, int day) {
        if (month < 1 || month > 12 || day < 1) {
            return false;
        }
        int length = switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
        return day <= length;
    }

    /** The value of a decimal digit of any script, or -1. */
    static int digit(char c) {
        if (c <= '9') {
            return c >= '0' ? c - '0' : -1;
        }
        return c < '\u0660' ? -1 : Character.digit(c, 10);
    }

    static boolean isSpace(char c) {
        if (c < 0x80) {
            return c == ' ' || c == '\t';
        }
        return c == '\u00A0' || c == '\u202F' || (c >= '\u2000' && c <= '\u200A') || c == '\u205F' || c == '\u3000';
    }

    static boolean isMark(char c) {
        return c == '\u200E'
                || c == '\u200F'
                || c == '\u061C'
                || c == '\uFEFF'
                || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069');
    }

    /** Direction marks and zero-width characters, which carry nothing inside a date stamp. */
    static boolean isIgnorable(char c) {
        return c >= '\u00AD' && (isMark(c) || (c >= '\u200B' && c <= '\u200D') || c == '\u2060' || c == '\u00AD');
    }

    static int skipMarks(String text, int from) {
        int i = from;
        while (i < text.length() && isMark(text.charAt(i))) {
            i++;
        }
        return i;
    }

    static int skipIgnorable(String text, int from) {
        int i = from;
        while (i < text.length() && isIgnorable(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** {@code text} without direction marks at either end. */
    static String stripMarks(String text) {
        int start = skipMarks(text, 0);
        int end = text.length();
        while (end > start && isMark(text.charAt(end - 1))) {
            end--;
        }
        return start == 0 && end == text.length() ? text : text.substring(start, end);
    }
}
