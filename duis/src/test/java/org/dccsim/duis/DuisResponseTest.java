package org.dccsim.duis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.dccsim.testing.SharedData;
import org.junit.jupiter.api.Test;

/** DUIS Responses written and read back, each valid by the DUIS 5.4 XSD. */
class DuisResponseTest {
    private static final String RID = "90-B3-D5-1F-30-03-00-AB:00-DB-12-34-56-78-90-A0:1001";
    private static final byte[] GBCS = {(byte) 0xDD, 0, 0, 0, 0, 0, 0, 1, 2, 3};

    private static DuisDocuments schema() throws java.io.IOException {
        return DuisDocuments.withSchema(SharedData.require("reference/duis/duis-schema-v5.4.xsd"));
    }

    @Test
    void cinMessage_isValidByTheXsd_andReadsBackWithItsDigitsAndPayload() throws Exception {
        DuisResponse written = new DuisResponse(RID, "00-DB-12-34-56-78-90-A0:90-B3-D5-1F-30-03-00-AB:1001", DuisCodes.I0,
                Instant.parse("2026-06-01T12:00:00Z"), new DuisResponse.Content.Cin("9.1", "9.1", GBCS, "0472"));
        byte[] xml = DuisDocuments.serialise(written.toDocument());
        DuisResponse read = DuisResponse.read(schema().parse(xml));

        assertThat(read.srv()).isEqualTo("9.1");
        assertThat(read.content()).isInstanceOfSatisfying(DuisResponse.Content.Cin.class, c -> {
            assertThat(c.customerIdentificationNumber()).isEqualTo("0472");
            assertThat(c.payload()).containsExactly(GBCS);
        });
        assertThat(read.content().gbcs()).hasValueSatisfying(g -> assertThat(g).containsExactly(GBCS));
    }

    @Test
    void cinMessage_withDigitsThatAreNotFour_isRefusedWithE12() throws Exception {
        String xml = new String(DuisDocuments.serialise(new DuisResponse(RID, null, DuisCodes.I0, Instant.parse(
                "2026-06-01T12:00:00Z"), new DuisResponse.Content.Cin("9.1", "9.1", GBCS, "0472")).toDocument()),
                StandardCharsets.UTF_8).replace(">0472<", ">47<");
        assertThatThrownBy(() -> DuisResponse.read(DuisDocuments.withoutSchema().parse(xml.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(DuisException.class, e -> assertThat(e.responseCode()).isEqualTo(DuisCodes.E12))
                .hasMessageContaining("four digits");
    }

    @Test
    void alertCodeHex_writesFourUpperCaseDigits_likeTheFormatItReplaces() {
        for (int code : new int[] {0, 0x8F86, 0x00A1, 0xFFFF, 0x10000, 0x1F}) {
            assertThat(DuisResponse.alertCodeHex(code)).isEqualTo(String.format("%04X", code));
        }
    }
}
