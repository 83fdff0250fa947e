package dev.pvault.client.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Decides the date order of a WhatsApp export from all of its dates, never line by line.
 *
 * <p>The first pass feeds every message line's date in; memory is a handful of counters. The rule, in turn:
 *
 * <ol>
 *   <li>{@code --date-order} wins.
 *   <li>Dates that start with a four-digit (or era) year, most lines, are year/month/day.
 *   <li>The other dates are read as day/month/year and as month/day/year, and also as year/month/day when
 *       every one of them has the shape of the Korean short date "yy. M. d." (Croatian in Bosnia writes
 *       "d. M. yy." the same way).
 *   <li>A reading under which some date is impossible (a 13th month, a 31st of April) loses to one under
 *       which every date is possible: one "24/11/18" anywhere settles the file as DMY.
 *   <li>When several readings make every date possible (every day is 12 or less), the one under which the
 *       dates step back in time least often wins: exports are written oldest first.
 *   <li>When that ties too, the number that changes most often from line to line is the day (a chat moves
 *       through days faster than through months or years).
 *   <li>When that ties too, the file's shape decides: year/month/day for the Korean shape, month/day/year
 *       when the dates are slashed and written without leading zeros (the US short date, 1/5/21), else
 *       day/month/year (the order most locales use). The basis says so, and {@code --date-order} overrides.
 * </ol>
 *
 * If every reading leaves some dates impossible, the one with fewest impossible dates wins; those lines are
 * skipped and reported.
 */
final class DateOrderVote {
    /** The readings of a date whose year is not known to come first, and the number each takes as the day. */
    private static final DateOrder[] READINGS = {DateOrder.DMY, DateOrder.MDY, DateOrder.YMD};

    private long yearFirst;
    private long yearLast;
    private long koreanShaped;
    private final long[] invalid = new long[3];
    private final long[] firstInvalidLine = new long[3];
    private final int[] previousKey = {-1, -1, -1};
    private final long[] backwards = new long[3];
    /** How often the first, second and third number changed from one dated line to the next. */
    private final long[] changes = new long[3];

    private final int[] previousNumber = {-1, -1, -1};
    private boolean unpadded;
    private long slashed;

    /** A decision and the reason for it, written for people. */
    record Decision(DateOrder order, String basis) {}

    void add(WhatsAppStamp stamp, long lineNumber) {
        if (stamp.yearFirst()) {
            yearFirst++;
            return;
        }
        yearLast++;
        if (stamp.koreanShape) {
            koreanShaped++;
        }
        if (stamp.dateSeparator == '/') {
            slashed++;
        }
        if (stamp.firstWidth == 1 || stamp.secondWidth == 1) {
            unpadded = true;
        }
        count(0, stamp.first);
        count(1, stamp.second);
        count(2, stamp.third);
        for (int r = 0; r < READINGS.length; r++) {
            // Year first is possible only in the Korean shape: no need to read other dates so.
            int key = r == 2 && !stamp.koreanShape ? -1 : stamp.dateKey(READINGS[r]);
            if (key < 0) {
                if (invalid[r]++ == 0) {
                    firstInvalidLine[r] = lineNumber;
                }
            } else {
                if (key < previousKey[r]) {
                    backwards[r]++;
                }
                previousKey[r] = key;
            }
        }
    }

    private void count(int number, int value) {
        if (previousNumber[number] >= 0 && value != previousNumber[number]) {
            changes[number]++;
        }
        previousNumber[number] = value;
    }

    Decision decide(DateOrder override) {
        if (override != null) {
            return new Decision(override, "set with --date-order");
        }
        if (yearFirst > yearLast) {
            return new Decision(DateOrder.YMD, "dates start with the year");
        }
        boolean korean = koreanShaped > 0 && koreanShaped == yearLast;
        List<Integer> candidates = new ArrayList<>(List.of(0, 1));
        if (korean) {
            candidates.add(2);
        }
        // 1. Possible dates.
        List<Integer> fewestInvalid = fewest(candidates, r -> invalid[r]);
        if (fewestInvalid.size() == 1) {
            int winner = fewestInvalid.getFirst();
            if (invalid[winner] == 0) {
                return new Decision(READINGS[winner], onlyPossible(winner, candidates));
            }
            return new Decision(
                    READINGS[winner],
                    "some dates are impossible in either order; " + READINGS[winner] + " leaves fewer of them ("
                            + invalid[winner] + " of " + yearLast + " dated lines, skipped)");
        }
        // 2. Dates in order.
        List<Integer> inOrder = fewest(fewestInvalid, r -> backwards[r]);
        if (inOrder.size() == 1) {
            int winner = inOrder.getFirst();
            long others = fewestInvalid.stream()
                    .filter(r -> r != winner)
                    .mapToLong(r -> backwards[r])
                    .min()
                    .orElse(0);
            return new Decision(
                    READINGS[winner],
                    "every day is 12 or less; read as " + READINGS[winner] + " the dates run in order ("
                            + backwards[winner] + " steps back against " + others + ")");
        }
        // 3. The day changes most.
        List<Integer> mostChanging = fewest(inOrder, r -> -changes[dayNumber(r)]);
        if (mostChanging.size() == 1) {
            int winner = mostChanging.getFirst();
            long others = inOrder.stream()
                    .filter(r -> r != winner)
                    .mapToLong(r -> changes[dayNumber(r)])
                    .max()
                    .orElse(0);
            return new Decision(
                    READINGS[winner],
                    "every day is 12 or less and the dates run in order either way; the "
                            + List.of("first", "second", "third").get(dayNumber(winner))
                            + " number changes more often from line to line (" + changes[dayNumber(winner)]
                            + " against " + others + "), so it is the day");
        }
        // 4. The shape.
        if (mostChanging.contains(2)) {
            return new Decision(
                    DateOrder.YMD,
                    "ambiguous: every date reads as day/month/year too; yy. M. d. is the Korean short date"
                            + " (use --date-order DMY if that is wrong)");
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

    /** Which of the three numbers a reading takes as the day. */
    private static int dayNumber(int reading) {
        return switch (READINGS[reading]) {
            case DMY -> 0;
            case MDY -> 1;
            case YMD -> 2;
        };
    }

    private String onlyPossible(int winner, List<Integer> candidates) {
        long line = candidates.stream()
                .filter(r -> r != winner)
                .mapToLong(r -> firstInvalidLine[r])
                .max()
                .orElse(0);
        return "line " + line + " has a date that is only possible as " + words(READINGS[winner]);
    }

    private static String words(DateOrder order) {
        return switch (order) {
            case DMY -> "day/month/year";
            case MDY -> "month/day/year";
            case YMD -> "year/month/day";
        };
    }

    /** The readings among {@code from} with the smallest value (several when they tie). */
    private static List<Integer> fewest(List<Integer> from, ToLongFunction<Integer> value) {
        long min = from.stream().mapToLong(value).min().orElse(0);
        return from.stream().filter(r -> value.applyAsLong(r) == min).toList();
    }
}
