package com.attendancelive.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRowsTest {

    @Test
    void writesAHeaderAndQuotesTheWayRfc4180Says() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvRows csv = new CsvRows(out, List.of("a", "b", "c", "d", "e"));
        csv.write("x,y", "say \"hi\"", "line\nbreak", null, "Zoë");
        csv.write("plain", "", "cr\rlf", "O'Brien", "a=b");
        csv.finish();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a,b,c,d,e\r\n"
                + "\"x,y\",\"say \"\"hi\"\"\",\"line\nbreak\",,Zoë\r\n"
                + "plain,,\"cr\rlf\",O'Brien,a=b\r\n");
    }

    @Test
    void cellsThatASpreadsheetWouldReadAsFormulasGetALeadingQuote() {
        for (String formula : List.of("=1+1", "+1", "-1", "@SUM(A1)", "\tTAB", "\rCR", "=", "-")) {
            assertThat(CsvRows.neutralized(formula)).as(formula).isEqualTo("'" + formula);
        }
        for (String text : List.of("", "a=1", "1-2", "O'Brien", " =1", "'=1", "\n=1")) {
            assertThat(CsvRows.neutralized(text)).as(text).isEqualTo(text);
        }
    }

    @Test
    void aRowMustHaveOneCellPerColumn() {
        CsvRows csv = new CsvRows(new ByteArrayOutputStream(), List.of("a", "b"));
        assertThatThrownBy(() -> csv.write("only one")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMaximumRangeIsWholeDays() {
        assertThat(new ExportProperties(Duration.ofDays(366), 1000, 4).maxRangeDays()).isEqualTo(366);
        for (Duration notWholeDays : List.of(Duration.ZERO, Duration.ofHours(1), Duration.ofHours(36))) {
            assertThatThrownBy(() -> new ExportProperties(notWholeDays, 1000, 4)).as(notWholeDays.toString())
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
