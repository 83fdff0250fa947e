package dev.pvault.client.importer;

/**
 * The day-period words of 12-hour clocks in WhatsApp exports, and how each turns an hour into a 24-hour one.
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

    /** Words written after the time, longest first so that "a. m." wins over "a". Case is ignored. */
    static final String[][] SUFFIXES = {
        {"in the morning", "AM"},
        {"in the afternoon", "PM"},
        {"in the evening", "PM"},
        {"at night", "NIGHT"},
        {"midnight", "AM"},
        {"noon", "PM"},
        {"nachm.", "PM"},
        {"vorm.", "AM"},
        {"a. m.", "AM"},
        {"p. m.", "PM"},
        {"a.m.", "AM"},
        {"p.m.", "PM"},
        {"π.μ.", "AM"},
        {"μ.μ.", "PM"},
        {"a.m", "AM"},
        {"p.m", "PM"},
        {"am", "AM"},
        {"pm", "PM"},
        {"ص", "AM"},
        {"م", "PM"},
    };

    /** Words written before the time (Japanese, Korean, Chinese). */
    static final String[][] PREFIXES = {
        {"午前", "AM"},
        {"午後", "PM"},
        {"오전", "AM"},
        {"오후", "PM"},
        {"上午", "AM"},
        {"下午", "PM"},
        {"凌晨", "AM"},
        {"早上", "AM"},
        {"中午", "PM"},
        {"晚上", "PM"},
    };

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
