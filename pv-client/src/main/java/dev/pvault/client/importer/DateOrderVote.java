package dev.pvault.client.importer;

/**
 * Decides the date order of a WhatsApp export from all of its dates, never line by line.
 *
 * <p>The first pass feeds every message line's date in; memory is a handful of counters. The rule, in turn:
 *
 * <ol>
 *   <li>{@code --date-order} wins.
 *   <li>Dates that start with a four-digit year (most lines) are year/month/day.
 *   <li>An order under which some date is impossible (a 13th month, a 31st of April) loses to one under
 *       which every date is possible: one "24/11/18" anywhere settles the file as DMY.
 *   <li>When both orders make every date possible (every day is 12 or less), the order under which the dates
 *       step back in time less often wins: exports are written oldest first.
 *   <li>When that ties too, the number that changes more often from line to line is the day (a chat moves
 *       through days faster than through months).
 *   <li>When that ties too, the file's shape decides: month/day/year when the dates are slashed and written
 *       without leading zeros (the US short date, 1/5/21), else day/month/year (the order most locales
 *       use). The basis says so, and {@code --date-order} overrides.
 * </ol>
 *
 * If both orders leave some dates impossible, the one with fewer impossible dates wins; those lines are
 * skipped and reported.
 */
final class DateOrderVote {
    private long yearFirst;
    private long yearLast;
    private long invalidDmy;
    private long invalidMdy;
    private long firstOnlyDmy;
    private long firstOnlyMdy;
    private int previousDmy = -1;
    private int previousMdy = -1;
    private long backwardsDmy;
    private long backwardsMdy;
    private boolean unpadded;
    private long slashed;
    private int previousFirst = -1;
    private int previousSecond = -1;
    private long firstChanges;
    private long secondChanges;

    /** A decision and the reason for it, written for people. */
    record Decision(DateOrder order, String basis) {}

    void add(WhatsAppStamp stamp, long lineNumber) {
        if (stamp.firstWidth == 4) {
            yearFirst++;
            return;
        }
        yearLast++;
        if (stamp.dateSeparator == '/') {
            slashed++;
        }
        if (stamp.firstWidth == 1 || stamp.secondWidth == 1) {
            unpadded = true;
        }
        if (previousFirst >= 0) {
            firstChanges += stamp.first != previousFirst ? 1 : 0;
            secondChanges += stamp.second != previousSecond ? 1 : 0;
        }
        previousFirst = stamp.first;
        previousSecond = stamp.second;
        int dmy = stamp.dateKey(DateOrder.DMY);
        int mdy = stamp.dateKey(DateOrder.MDY);
        if (dmy < 0) {
            invalidDmy++;
        } else {
            if (dmy < previousDmy) {
                backwardsDmy++;
            }
            previousDmy = dmy;
        }
        if (mdy < 0) {
            invalidMdy++;
        } else {
            if (mdy < previousMdy) {
                backwardsMdy++;
            }
            previousMdy = mdy;
        }
        if (dmy >= 0 && mdy < 0 && firstOnlyDmy == 0) {
            firstOnlyDmy = lineNumber;
        }
        if (mdy >= 0 && dmy < 0 && firstOnlyMdy == 0) {
            firstOnlyMdy = lineNumber;
        }
    }

    Decision decide(DateOrder override) {
        if (override != null) {
            return new Decision(override, "set with --date-order");
        }
        if (yearFirst > yearLast) {
            return new Decision(DateOrder.YMD, "dates start with a four-digit year");
        }
        if (invalidDmy == 0 && invalidMdy > 0) {
            return new Decision(
                    DateOrder.DMY, "line " + firstOnlyDmy + " has a date that is only possible as day/month/year");
        }
        if (invalidMdy == 0 && invalidDmy > 0) {
            return new Decision(
                    DateOrder.MDY, "line " + firstOnlyMdy + " has a date that is only possible as month/day/year");
        }
        if (invalidDmy > 0 && invalidMdy > 0 && invalidDmy != invalidMdy) {
            DateOrder fewer = invalidDmy < invalidMdy ? DateOrder.DMY : DateOrder.MDY;
            return new Decision(
                    fewer,
                    "some dates are impossible in either order; " + fewer + " leaves fewer of them ("
                            + Math.min(invalidDmy, invalidMdy) + " of " + yearLast + " dated lines, skipped)");
        }
        if (backwardsDmy != backwardsMdy) {
            DateOrder chronological = backwardsDmy < backwardsMdy ? DateOrder.DMY : DateOrder.MDY;
            return new Decision(
                    chronological,
                    "every day is 12 or less; read as " + chronological + " the dates run in order ("
                            + Math.min(backwardsDmy, backwardsMdy) + " steps back against "
                            + Math.max(backwardsDmy, backwardsMdy) + ")");
        }
        if (firstChanges != secondChanges) {
            DateOrder dayFirst = firstChanges > secondChanges ? DateOrder.DMY : DateOrder.MDY;
            return new Decision(
                    dayFirst,
                    "every day is 12 or less and the dates run in order either way; the "
                            + (dayFirst == DateOrder.DMY ? "first" : "second")
                            + " number changes more often from line to line ("
                            + Math.max(firstChanges, secondChanges) + " against "
                            + Math.min(firstChanges, secondChanges) + "), so it is the day");
        }
        if (unpadded && slashed == yearLast) {
            return new Decision(
                    DateOrder.MDY,
                    "ambiguous: every day is 12 or less; M/D/YY without leading zeros is the US short date"
                            + " (use --date-order DMY if that is wrong)");
        }
        return new Decision(
                DateOrder.DMY,
                "ambiguous: every day is 12 or less; day/month/year is the more common order"
                        + " (use --date-order MDY if that is wrong)");
    }
}
