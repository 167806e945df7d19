package org.dccsim.gbcs.dlms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.GbcsDecodeException.Reason;
import org.dccsim.gbcs.Hex;
import org.junit.jupiter.api.Test;

class DataCodecTest {

    @Test
    void decode_alertBody_readsStructureOfAlertCodeTimestampAndDetail() throws Exception {
        byte[] b = Hex.of(""
                + "02 03"                                // structure, 3 elements
                + "12 8F87"                              // long-unsigned: alert code 0x8F87
                + "09 0C 07EA 0B 1D FF 0C 1E 00 00 8000 FF" // octet-string(12): 2026-11-29 12:30:00 UTC
                + "11 15");                              // unsigned: 0x15 (output, APC 5)
        Data d = DataCodec.decode(b);
        assertThat(d).isEqualTo(Data.structure(new Data.LongUnsigned(0x8F87),
                Data.octets(CosemDateTime.ofInstant(java.time.Instant.parse("2026-11-29T12:30:00Z")).toBytes()),
                new Data.Unsigned8(0x15)));
        assertThat(DataCodec.encode(d)).isEqualTo(b);
    }

    @Test
    void decode_compactArrayOfProfileEntries_readsEachEntry() throws Exception {
        byte[] b = Hex.of(""
                + "13"              // compact-array
                + "02 02 06 06"     // type: structure{double-long-unsigned, double-long-unsigned}
                + "10"              // contents length 16 = two entries of 8 bytes
                + "1C35F900 0000005F"   // entry 0: UTC seconds 473299200, value 95
                + "1C360008 000000F3"); // entry 1: 473301000, value 243
        Data.CompactArray c = (Data.CompactArray) DataCodec.decode(b);
        assertThat(c.type()).isEqualTo(new TypeDescription.StructureOf(List.of(new TypeDescription.Simple(6),
                new TypeDescription.Simple(6))));
        assertThat(c.elements()).containsExactly(
                Data.structure(new Data.DoubleLongUnsigned(473299200L), new Data.DoubleLongUnsigned(95)),
                Data.structure(new Data.DoubleLongUnsigned(473301000L), new Data.DoubleLongUnsigned(243)));
        assertThat(DataCodec.encode(c)).isEqualTo(b);
    }

    @Test
    void decode_everySimpleType_roundTrips() throws Exception {
        String[] vectors = {
            "00",                       // null-data
            "03 FF",                    // boolean true
            "04 0B FFE0",               // bit-string of 11 bits
            "05 FFFFFFFE",              // double-long -2
            "06 FFFFFFFF",              // double-long-unsigned 4294967295
            "09 03 010203",             // octet-string
            "0A 02 4142",               // visible-string "AB"
            "0C 02 C3A9",               // utf8-string "é"
            "0D 12",                    // bcd
            "0F 80",                    // integer -128
            "10 8000",                  // long -32768
            "11 FF",                    // unsigned 255
            "12 FFFF",                  // long-unsigned 65535
            "14 8000000000000000",      // long64 min
            "15 FFFFFFFFFFFFFFFF",      // long64-unsigned max
            "16 02",                    // enum
            "17 7FC00001",              // float32 NaN with a payload
            "18 3FF0000000000000",      // float64 1.0
            "19 07EA0B1D0700000000800000", // native date-time
            "1A 07EA0B1D07",            // native date
            "1B 0C1E0000",              // native time
            "01 02 11 01 11 02",        // array of two unsigned
        };
        for (String v : vectors) {
            byte[] b = Hex.of(v);
            assertThat(DataCodec.encode(DataCodec.decode(b))).as(v).isEqualTo(b);
        }
    }

    @Test
    void decode_booleanOne_readsTrueAndEncodesTheCanonicalFF() throws Exception {
        Data d = DataCodec.decode(Hex.of("03 01"));
        assertThat(d).isEqualTo(new Data.Bool(true));
        assertThat(DataCodec.encode(d)).isEqualTo(Hex.of("03 FF"));
    }

    @Test
    void decode_arrayClaimingMoreElementsThanBytes_failsWithBadQuantity() {
        assertThat(reason("01 82 FFFF 00")).isEqualTo(Reason.BAD_QUANTITY);
    }

    @Test
    void decode_compactArrayOfNulls_isRefusedRatherThanExpanded() {
        // type: array of 65535 null-data, contents empty: would be 65535 values from no bytes
        assertThat(reason("13 01 FFFF 00 00")).isEqualTo(Reason.BAD_COMPACT_ARRAY);
        // nested: structure{array[65535] of null, unsigned}: one content byte per element, 65535 nulls each
        assertThat(reason("13 02 02 01 FFFF 00 11 02 AA BB")).isEqualTo(Reason.BAD_COMPACT_ARRAY);
    }

    @Test
    void decode_compactArrayWhoseElementOverrunsContents_fails() {
        assertThat(reason("13 12 03 00 0000 00")).isIn(Reason.BAD_COMPACT_ARRAY, Reason.TRUNCATED);
    }

    @Test
    void decode_deepNesting_failsWithNestingTooDeep() {
        assertThat(reason("02 01 ".repeat(40) + "00")).isEqualTo(Reason.NESTING_TOO_DEEP);
    }

    @Test
    void decode_unknownTag_failsWithUnknownDataType() {
        assertThat(reason("07 00")).isEqualTo(Reason.UNKNOWN_DATA_TYPE);
    }

    @Test
    void decode_trailingBytes_fails() {
        assertThat(reason("11 01 11")).isEqualTo(Reason.TRAILING_BYTES);
    }

    @Test
    void obisCode_printsAndParsesTheDashColonForm() {
        ObisCode o = ObisCode.parse("1-0:1.8.0.255");
        assertThat(o.toBytes()).isEqualTo(Hex.of("0100010800FF"));
        assertThat(ObisCode.fromBytes(Hex.of("00005E2C7701"), 0)).hasToString("0-0:94.44.119.1");
        assertThatThrownBy(() -> ObisCode.parse("1.8.0")).isInstanceOf(IllegalArgumentException.class);
    }

    private static Reason reason(String hex) {
        try {
            DataCodec.decode(Hex.of(hex));
        } catch (GbcsDecodeException e) {
            return e.reason();
        }
        throw new AssertionError("decoded " + hex);
    }
}
