package org.dccsim.duis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast path must accept and refuse exactly what java.time's formatter does, with the same instant. */
class XsDateTimeTest {
    private static final List<String> CASES = List.of(
            "2026-06-01T17:00:00Z", "2026-06-01T17:00:00.5Z", "2026-06-01T17:00:00.123456789Z",
            "2026-06-01T18:00:00+01:00", "2026-01-01T00:30:00-05:30", "2024-02-29T12:00:00Z", "2099-12-31T23:59:59.999Z",
            "2025-02-29T12:00:00Z", "2026-13-01T00:00:00Z", "2026-06-01T24:00:00Z", "2026-06-01T17:60:00Z",
            "2026-06-01T17:00:60Z", "2026-06-01T17:00:00", "2026-06-01T17:00:00.Z", "2026-06-01T17:00:00.1234567891Z",
            "2026-06-01T17:00:00+19:00", "2026-06-01T17:00:00+01", "2026-06-01T17:00:00+0100", "2026-06-01 17:00:00Z",
            "2026-06-01T17:00:00z", "+2026-06-01T17:00:00Z", "2026-6-01T17:00:00Z", "２０２６-06-01T17:00:00Z",
            "2026-06-01T17:00:00+18:00", "2026-06-01T17:00:00-00:00", "");

    @Test
    void parseOffset_agreesWithTheFormatter_onValidAndInvalidValues() {
        for (String s : CASES) {
            check(s);
        }
        Random r = new Random(3);
        for (int i = 0; i < 2000; i++) {
            StringBuilder b = new StringBuilder("2026-06-01T17:00:00.25+01:00");
            b.setCharAt(r.nextInt(b.length()), "0123456789-:T.Z+9".charAt(r.nextInt(17)));
            check(b.toString());
        }
    }

    private static void check(String s) {
        Instant expected;
        try {
            expected = OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            assertThatThrownBy(() -> XsDateTime.parseOffset(s)).as(s).isInstanceOf(DateTimeParseException.class);
            return;
        }
        assertThat(XsDateTime.parseOffset(s)).as(s).isEqualTo(expected);
    }

    @Test
    void parseInstant_agreesWithInstantParse() {
        assertThat(XsDateTime.parseInstant("2026-06-01T17:00:00Z")).isEqualTo(Instant.parse("2026-06-01T17:00:00Z"));
        assertThat(XsDateTime.parseInstant("2026-06-01T23:59:60Z")).isEqualTo(Instant.parse("2026-06-01T23:59:60Z"));
        assertThatThrownBy(() -> XsDateTime.parseInstant(null)).isInstanceOf(DateTimeParseException.class);
    }
}
