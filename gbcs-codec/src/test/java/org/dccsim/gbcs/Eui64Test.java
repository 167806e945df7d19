package org.dccsim.gbcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void hashCode_fleetsNumberedFromBasesDifferingInTheHighHalf_doNotCollide() {
        // lab init numbers ESMEs, SAPCs and hubs from 00DB1000..., 00DB2000..., 00DB3000...; folding the halves
        // together (Long.hashCode) made ESME i and SAPC j collide whenever i ^ j == 0x3000, and the codes ran in
        // blocks, which linear probing (Set.copyOf) cannot take at a million.
        java.util.Set<Integer> codes = new java.util.HashSet<>();
        int n = 0;
        for (long base : new long[] {0x00DB100000000000L, 0x00DB200000000000L, 0x00DB300000000000L}) {
            for (long i = 0; i < 100_000; i++, n++) {
                codes.add(new Eui64(base + i).hashCode());
            }
        }
        // A random 32-bit hash gives about n^2 / 2^33 = 10 collisions here; the folded one gave about 100,000.
        assertThat(codes.size()).isGreaterThan(n - 100);
        assertThat(new Eui64(0x00DB100000000001L)).isEqualTo(Eui64.parse("00DB100000000001"))
                .hasSameHashCodeAs(Eui64.parse("00DB100000000001"));
    }

    @Test
    void parse_digitsOfOtherScripts_areRefused_asHexDecodingRefusesThem() {
        assertThat(Eui64.parse("00db1234567890A6").value()).isEqualTo(0x00DB1234567890A6L);
        assertThatThrownBy(() -> Eui64.parse("\u0660\u0660DB1234567890A6")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hex.decode("\uff10\uff11")).isInstanceOf(GbcsDecodeException.class);
        assertThat(Hex.digit('f')).isEqualTo(15);
        assertThat(Hex.digit('G')).isEqualTo(-1);
    }
}
