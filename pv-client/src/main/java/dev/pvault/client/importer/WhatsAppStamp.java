package dev.pvault.client.importer;

/**
 * Recognises the date and time that start a WhatsApp message line, and keeps its parts. One instance is
 * reused line after line (the parse loop allocates nothing for it).
 *
 * <pre>
 * line   = marks? ( "[" stamp "]" space rest          iOS:      [16/03/2022, 15:10:17] Name: text
 *                 | stamp space* ("-" | "–") space rest Android:  16/03/2022, 15:10 - Name: text
 *                 | stamp ":" space rest )             older:    13.06.18 21.25.15: Name: text (needs "Name:")
 * stamp  = date ("," | space | "klo" | "kl.")* prefix? time suffix?
 * date   = digits{1,4} sep space? digits{1,2} sep space? digits{1,4} "."?       sep: one of / . - (the same twice)
 * time   = digits{1,2} (":"|".") digits{2} ((":"|".") digits{2})?
 * suffix = space? one of DayPeriod.SUFFIXES    prefix = one of DayPeriod.PREFIXES space?
 * space  = U+0020, U+00A0 no-break space, U+202F narrow no-break space, U+2009 thin space
 * marks  = U+200E, U+200F, U+061C, U+202A..U+202E, U+2066..U+2069, U+FEFF
 * </pre>
 *
 * Which of the three date numbers is the day is not decided here: that is a whole-file decision ({@link
 * DateOrderVote}). Value ranges are checked when the date is read in an order ({@link #dateKey}).
 */
final class WhatsAppStamp {
    int first;
    int second;
    int third;
    int firstWidth;
    int secondWidth;
    int thirdWidth;
    char dateSeparator;
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

    /** Parses the start of {@code text}; true when it is a message line, with the fields set. */
    boolean parse(String text) {
        line = text;
        pos = skipMarks(text, 0);
        boolean bracket = pos < text.length() && text.charAt(pos) == '[';
        if (bracket) {
            pos++;
        }
        if (!date() || !dateTimeSeparator() || !time()) {
            return false;
        }
        int n = text.length();
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
        int spaces = skipSpaces();
        if (spaces == 0 || pos >= n) {
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
        int start = pos;
        first = number(1, 4);
        if (first < 0) {
            return false;
        }
        firstWidth = pos - start;
        if (firstWidth == 3 || pos >= line.length()) {
            return false;
        }
        char separator = line.charAt(pos);
        if (separator != '/' && separator != '.' && separator != '-') {
            return false;
        }
        dateSeparator = separator;
        pos++;
        skipOneSpaceAfterDot(separator);
        start = pos;
        second = number(1, 2);
        if (second < 0) {
            return false;
        }
        secondWidth = pos - start;
        if (pos >= line.length() || line.charAt(pos) != separator) {
            return false;
        }
        pos++;
        skipOneSpaceAfterDot(separator);
        start = pos;
        third = number(1, 4);
        if (third < 0) {
            return false;
        }
        thirdWidth = pos - start;
        boolean yearFirst = firstWidth == 4;
        if (yearFirst ? thirdWidth > 2 : thirdWidth != 2 && thirdWidth != 4) {
            return false;
        }
        if (separator == '.' && pos < line.length() && line.charAt(pos) == '.') {
            pos++; // "2019. 4. 16." and "13.06.18."
        }
        return true;
    }

    private void skipOneSpaceAfterDot(char separator) {
        if (separator == '.' && pos < line.length() && line.charAt(pos) == ' ') {
            pos++;
        }
    }

    private boolean dateTimeSeparator() {
        int start = pos;
        if (pos < line.length() && line.charAt(pos) == ',') {
            pos++;
        }
        skipSpaces();
        if (line.startsWith("klo", pos) || line.startsWith("kl.", pos)) {
            pos += 3;
            if (skipSpaces() == 0) {
                return false;
            }
        }
        return pos > start;
    }

    private boolean time() {
        period = null;
        for (String[] prefix : DayPeriod.PREFIXES) {
            if (line.startsWith(prefix[0], pos)) {
                period = DayPeriod.valueOf(prefix[1]);
                pos += prefix[0].length();
                skipSpaces();
                break;
            }
        }
        hour = number(1, 2);
        if (hour < 0 || pos >= line.length()) {
            return false;
        }
        char separator = line.charAt(pos);
        if (separator != ':' && separator != '.') {
            return false;
        }
        pos++;
        int start = pos;
        minute = number(2, 2);
        if (minute < 0 || pos - start != 2) {
            return false;
        }
        secondOfMinute = -1;
        if (pos + 2 < line.length()
                && line.charAt(pos) == separator
                && isDigit(line.charAt(pos + 1))
                && isDigit(line.charAt(pos + 2))
                && (pos + 3 >= line.length() || !isDigit(line.charAt(pos + 3)))) {
            secondOfMinute = (line.charAt(pos + 1) - '0') * 10 + (line.charAt(pos + 2) - '0');
            pos += 3;
        }
        if (period == null) {
            suffix();
        }
        return true;
    }

    private void suffix() {
        int start = pos;
        skipSpaces();
        for (String[] suffix : DayPeriod.SUFFIXES) {
            int end = matchIgnoringCaseAndSpaceKind(suffix[0], pos);
            if (end >= 0 && (end >= line.length() || !Character.isLetterOrDigit(line.charAt(end)))) {
                period = DayPeriod.valueOf(suffix[1]);
                pos = end;
                return;
            }
        }
        pos = start;
    }

    /** The end of {@code token} matched at {@code at}, any space kind matching any other; -1 if none. */
    private int matchIgnoringCaseAndSpaceKind(String token, int at) {
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
            } else if (Character.toLowerCase(actual) != expected) {
                return -1;
            }
        }
        return i;
    }

    /** Reads {@code min..max} ASCII digits; -1 when there are fewer, or more follow. */
    private int number(int min, int max) {
        int value = 0;
        int count = 0;
        while (pos < line.length() && isDigit(line.charAt(pos))) {
            if (count == max) {
                return -1;
            }
            value = value * 10 + (line.charAt(pos) - '0');
            pos++;
            count++;
        }
        return count >= min ? value : -1;
    }

    private int skipSpaces() {
        int start = pos;
        while (pos < line.length() && isSpace(line.charAt(pos))) {
            pos++;
        }
        return pos - start;
    }

    /** The 24-hour clock hour, or -1 when the time has no reading. */
    int hour24() {
        if (minute > 59 || secondOfMinute > 59) {
            return -1;
        }
        return period == null ? DayPeriod.noPeriod(hour) : period.toHour24(hour);
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
        boolean yearFirst = order == DateOrder.YMD;
        // A four-digit number is a year: it cannot stand where the order puts the day or the month.
        if (yearFirst ? thirdWidth == 4 : firstWidth == 4) {
            return false;
        }
        int yearField = yearFirst ? first : third;
        year = (yearFirst ? firstWidth : thirdWidth) == 4 ? yearField : 2000 + yearField;
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

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\u00A0' || c == '\u202F' || c == '\u2009';
    }

    static boolean isMark(char c) {
        return c == '\u200E'
                || c == '\u200F'
                || c == '\u061C'
                || c == '\uFEFF'
                || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069');
    }

    static int skipMarks(String text, int from) {
        int i = from;
        while (i < text.length() && isMark(text.charAt(i))) {
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
