package org.dccsim.gbcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Eui64Test {
    @Test
    void toString_isSixteenUpperCaseHexDigits_forEveryBitPattern() {
        assertThat(new Eui64(0).toString()).isEqualTo("0000000000000000");
        assertThat(new Eui64(-1).toString()).isEqualTo("FFFFFFFFFFFFFFFF");
        assertThat(Eui64.parse("90B3D51F30010008").toString()).isEqualTo("90B3D51F30010008");
        Random r = new Random(7);
        for (int i = 0; i < 1000; i++) {
            long v = r.nextLong();
            assertThat(new Eui64(v).toString()).isEqualTo(String.format(Locale.ROOT, "%016X", v));
            assertThat(Eui64.parse(new Eui64(v).toString()).value()).isEqualTo(v);
        }
    }

    @Test
    void dashed_isTheDuisForm() {
        assertThat(Eui64.parse("90B3D51F30010008").dashed()).isEqualTo("90-B3-D5-1F-30-01-00-08");
        assertThat(Eui64.parse("90-B3-D5-1F-30-01-00-08").fileStem()).isEqualTo("90b3d51f30010008");
    }
}
