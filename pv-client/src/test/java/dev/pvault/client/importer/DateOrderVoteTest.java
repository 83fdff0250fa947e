package dev.pvault.client.importer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DateOrderVoteTest {

    private static DateOrderVote.Decision decide(DateOrder override, String... lines) {
        DateOrderVote vote = new DateOrderVote();
        WhatsAppStamp stamp = new WhatsAppStamp();
        for (int i = 0; i < lines.length; i++) {
            assertThat(stamp.parse(lines[i] + ", 10:00 - A: x")).as(lines[i]).isTrue();
            vote.add(stamp, i + 1);
        }
        return vote.decide(override);
    }

    private static DateOrderVote.Decision decide(String... lines) {
        return decide(null, lines);
    }

    @Test
    void oneDateOnlyDayFirstMakesPossible_decidesTheWholeFile() {
        DateOrderVote.Decision decision = decide("01/02/2021", "05/03/2021", "24/11/2021", "01/12/2021");
        assertThat(decision.order()).isEqualTo(DateOrder.DMY);
        assertThat(decision.basis()).contains("line 3");
    }

    @Test
    void oneDateOnlyMonthFirstMakesPossible_decidesTheWholeFile() {
        assertThat(decide("01/02/2021", "12/24/2021").order()).isEqualTo(DateOrder.MDY);
    }

    @Test
    void aDecidingDateLateInTheFileStillDecidesEveryLine() {
        String[] lines = new String[1001];
        for (int i = 0; i < 1000; i++) {
            lines[i] = "0" + (1 + i % 9) + "/0" + (1 + i % 9) + "/2020";
        }
        lines[1000] = "10/13/2020";
        assertThat(decide(lines).order()).isEqualTo(DateOrder.MDY);
    }

    @Test
    void yearFirstDatesAreYearMonthDay() {
        assertThat(decide("2021-02-01", "2021-02-13").order()).isEqualTo(DateOrder.YMD);
    }

    @Test
    void ambiguousDates_theOrderInWhichTheyRunForwardWins() {
        DateOrderVote.Decision decision = decide("05/01/2021", "11/01/2021", "02/02/2021", "09/02/2021");
        assertThat(decision.order()).isEqualTo(DateOrder.DMY);
        assertThat(decision.basis()).contains("run in order");
        assertThat(decide("01/05/2021", "01/11/2021", "02/02/2021", "02/09/2021")
                        .order())
                .isEqualTo(DateOrder.MDY);
    }

    @Test
    void ambiguousAndOrderedEitherWay_theNumberThatChangesMoreIsTheDay() {
        assertThat(decide("01/03/2021", "02/03/2021", "03/03/2021").order()).isEqualTo(DateOrder.DMY);
        assertThat(decide("3/1/21", "3/2/21", "3/3/21").order()).isEqualTo(DateOrder.MDY);
    }

    @Test
    void noEvidence_usSlashShapeWithoutLeadingZerosIsMonthFirst_elseDayFirst() {
        assertThat(decide("3/4/21", "3/4/21").order()).isEqualTo(DateOrder.MDY);
        assertThat(decide("03/04/21", "03/04/21").order()).isEqualTo(DateOrder.DMY);
        assertThat(decide("3.4.21", "3.4.21").order()).isEqualTo(DateOrder.DMY);
        assertThat(decide("03/04/21").basis()).startsWith("ambiguous").contains("--date-order");
    }

    @Test
    void impossibleInBothOrders_fewerImpossibleDatesWins() {
        DateOrderVote.Decision decision = decide("15/06/2022", "31/06/2022", "16/06/2022");
        assertThat(decision.order()).isEqualTo(DateOrder.DMY);
        assertThat(decision.basis()).contains("1 of 3");
    }

    @Test
    void overrideWins() {
        assertThat(decide(DateOrder.MDY, "24/11/2021").order()).isEqualTo(DateOrder.MDY);
        assertThat(decide(DateOrder.YMD, "24/11/2021").basis()).isEqualTo("set with --date-order");
    }

    @Test
    void koreanShortDate_yearFirstWhenItRunsInOrderSo() {
        DateOrderVote.Decision decision = decide("23. 3. 14.", "23. 3. 15.", "23. 3. 31.", "23. 4. 1.");
        assertThat(decision.order()).isEqualTo(DateOrder.YMD);
        assertThat(decision.basis()).contains("run in order");
        assertThat(decide("23. 3. 14.", "23. 3. 14.").order())
                .as("no evidence: the Korean reading")
                .isEqualTo(DateOrder.YMD);
    }

    @Test
    void theSameShapeInCroatian_dayFirstWhenTheFirstNumberChanges() {
        assertThat(decide("14. 03. 23.", "15. 03. 23.", "16. 03. 23.").order()).isEqualTo(DateOrder.DMY);
        assertThat(decide("28. 03. 23.", "31. 03. 23.", "5. 4. 23.").order())
                .as("a one-digit day is not the Korean shape")
                .isEqualTo(DateOrder.DMY);
    }

    @Test
    void eraYearsFirst_areYearFirst() {
        assertThat(decide("R5/03/14", "R5/03/15").order()).isEqualTo(DateOrder.YMD);
    }
}
