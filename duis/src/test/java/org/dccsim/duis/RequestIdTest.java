package org.dccsim.duis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dccsim.gbcs.Eui64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DUIS 1a RequestIDs: {@code originator:target:counter}, read without a regular expression. */
class RequestIdTest {
    @Test
    void parse_dccBoxedRequestId_readsBothEuisAndTheCounter() throws DuisException {
        RequestId id = RequestId.parse(" 90-B3-D5-1F-30-01-00-00:00-db-12-34-56-78-90-a0:1700000000123 ");
        assertThat(id.originator()).isEqualTo(Eui64.parse("90B3D51F30010000"));
        assertThat(id.target()).isEqualTo(Eui64.parse("00DB1234567890A0"));
        assertThat(id.counter()).isEqualTo(1_700_000_000_123L);
        assertThat(id.toString()).isEqualTo("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1700000000123");
    }

    @Test
    void parse_largestUnsignedCounter_isKept_andOneMoreIsRefused() throws DuisException {
        String euis = "FF-FF-FF-FF-FF-FF-FF-FF:00-00-00-00-00-00-00-00:";
        RequestId max = RequestId.parse(euis + "18446744073709551615");
        assertThat(max.counter()).isEqualTo(-1L);
        assertThat(max.originator()).isEqualTo(new Eui64(-1L));
        assertThat(RequestId.parse(euis + "0").counter()).isZero();
        assertThatThrownBy(() -> RequestId.parse(euis + "18446744073709551616")).isInstanceOf(DuisException.class)
                .hasMessageContaining("exceeds 64 bits");
        assertThatThrownBy(() -> RequestId.parse(euis + "99999999999999999999")).isInstanceOf(DuisException.class)
                .hasMessageContaining("exceeds 64 bits");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:",
        "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:012",
        "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:-1",
        "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1+2",
        "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:123456789012345678901",
        "90B3D51F30010000:00DB1234567890A0:1",
        "90-B3-D5-1F-30-01-00-00-00-DB-12-34-56-78-90-A0:1",
        "90-B3-D5-1F-30-01-00:00:00-DB-12-34-56-78-90-A0:1",
        "90-B3-D5-1F-30-01-00-0G:00-DB-12-34-56-78-90-A0:1",
        "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1\u0663",
        "\u0669\u0660-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1",
    })
    void parse_malformed_isRefusedE12(String text) {
        assertThatThrownBy(() -> RequestId.parse(text)).isInstanceOfSatisfying(DuisException.class,
                e -> assertThat(e.responseCode()).isEqualTo(DuisCodes.E12));
    }

    @Test
    void parse_null_isRefusedE12() {
        assertThatThrownBy(() -> RequestId.parse(null)).isInstanceOf(DuisException.class);
    }
}
