package org.dccsim.gbcs.dlms;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.dccsim.gbcs.Hex;

/**
 * An A-XDR encoded DLMS {@code Data} value (DLMS Green Book 9.5, the CHOICE of data types). One record per
 * type GBCS uses; byte arrays are copied in and out so values are immutable. Date, time and date-time as GBCS
 * sends them are octet-strings of 12, 5 and 4 bytes; the native tags 25-27 exist here only so that any DLMS
 * input decodes.
 */
public sealed interface Data {

    /** The A-XDR tag of this type. */
    int tag();

    Null NULL = new Null();

    static Structure structure(Data... elements) {
        return new Structure(List.of(elements));
    }

    static Array array(Data... elements) {
        return new Array(List.of(elements));
    }

    static OctetString octets(byte[] bytes) {
        return new OctetString(bytes);
    }

    record Null() implements Data {
        public int tag() {
            return DataTag.NULL_DATA;
        }
    }

    record Array(List<Data> elements) implements Data {
        public Array {
            elements = List.copyOf(elements);
        }

        public int tag() {
            return DataTag.ARRAY;
        }
    }

    record Structure(List<Data> elements) implements Data {
        public Structure {
            elements = List.copyOf(elements);
        }

        public int tag() {
            return DataTag.STRUCTURE;
        }

        public Data get(int i) {
            return elements.get(i);
        }

        public int size() {
            return elements.size();
        }
    }

    /** Decoded from any byte (0 is false); encoded as {@code 00} or {@code FF}, as the RTDS does. */
    record Bool(boolean value) implements Data {
        public int tag() {
            return DataTag.BOOLEAN;
        }
    }

    /** A bit-string of {@code bitLength} bits, most significant bit first; unused low bits of the last byte are kept. */
    record BitString(int bitLength, byte[] bits) implements Data {
        public BitString {
            if (bitLength < 0 || bits.length != (bitLength + 7) / 8) {
                throw new IllegalArgumentException("bit-string of " + bitLength + " bits needs " + (bitLength + 7) / 8 + " bytes");
            }
            bits = bits.clone();
        }

        @Override
        public byte[] bits() {
            return bits.clone();
        }

        public boolean bit(int i) {
            return (bits[i / 8] & (0x80 >>> (i % 8))) != 0;
        }

        public int tag() {
            return DataTag.BIT_STRING;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BitString b && bitLength == b.bitLength && Arrays.equals(bits, b.bits);
        }

        @Override
        public int hashCode() {
            return bitLength * 31 + Arrays.hashCode(bits);
        }

        @Override
        public String toString() {
            return "BitString[" + bitLength + " bits " + Hex.encode(bits) + "]";
        }
    }

    record DoubleLong(int value) implements Data {
        public int tag() {
            return DataTag.DOUBLE_LONG;
        }
    }

    record DoubleLongUnsigned(long value) implements Data {
        public DoubleLongUnsigned {
            if (value < 0 || value > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("double-long-unsigned out of range: " + value);
            }
        }

        public int tag() {
            return DataTag.DOUBLE_LONG_UNSIGNED;
        }
    }

    record OctetString(byte[] value) implements Data {
        public OctetString {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        public int length() {
            return value.length;
        }

        /** The bytes without a copy, for the codec in this package. */
        byte[] view() {
            return value;
        }

        public int tag() {
            return DataTag.OCTET_STRING;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof OctetString s && Arrays.equals(value, s.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "OctetString[" + Hex.encode(value) + "]";
        }
    }

    /** Kept as bytes: a visible-string is ASCII by definition, but hostile input need not be. */
    record VisibleString(byte[] value) implements Data {
        public VisibleString {
            value = value.clone();
        }

        public static VisibleString of(String s) {
            return new VisibleString(s.getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        public String text() {
            return new String(value, StandardCharsets.US_ASCII);
        }

        byte[] view() {
            return value;
        }

        public int tag() {
            return DataTag.VISIBLE_STRING;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof VisibleString s && Arrays.equals(value, s.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "VisibleString[" + text() + "]";
        }
    }

    /** Kept as bytes so that invalid UTF-8 still round-trips. */
    record Utf8String(byte[] value) implements Data {
        public Utf8String {
            value = value.clone();
        }

        public static Utf8String of(String s) {
            return new Utf8String(s.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        public String text() {
            return new String(value, StandardCharsets.UTF_8);
        }

        byte[] view() {
            return value;
        }

        public int tag() {
            return DataTag.UTF8_STRING;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Utf8String s && Arrays.equals(value, s.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Utf8String[" + text() + "]";
        }
    }

    record Bcd(int value) implements Data {
        public int tag() {
            return DataTag.BCD;
        }
    }

    /** DLMS "integer": int8. */
    record Integer8(int value) implements Data {
        public Integer8 {
            if (value < Byte.MIN_VALUE || value > Byte.MAX_VALUE) {
                throw new IllegalArgumentException("integer out of range: " + value);
            }
        }

        public int tag() {
            return DataTag.INTEGER;
        }
    }

    /** DLMS "long": int16. */
    record Long16(int value) implements Data {
        public Long16 {
            if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
                throw new IllegalArgumentException("long out of range: " + value);
            }
        }

        public int tag() {
            return DataTag.LONG;
        }
    }

    /** DLMS "unsigned": uint8. */
    record Unsigned8(int value) implements Data {
        public Unsigned8 {
            if (value < 0 || value > 0xFF) {
                throw new IllegalArgumentException("unsigned out of range: " + value);
            }
        }

        public int tag() {
            return DataTag.UNSIGNED;
        }
    }

    /** DLMS "long-unsigned": uint16. */
    record LongUnsigned(int value) implements Data {
        public LongUnsigned {
            if (value < 0 || value > 0xFFFF) {
                throw new IllegalArgumentException("long-unsigned out of range: " + value);
            }
        }

        public int tag() {
            return DataTag.LONG_UNSIGNED;
        }
    }

    /**
     * A compact-array: one type description, then the elements' values without their tags. The elements are
     * decoded (as the Data each stands for) so they can be read and rebuilt.
     */
    record CompactArray(TypeDescription type, List<Data> elements) implements Data {
        public CompactArray {
            Objects.requireNonNull(type, "type");
            elements = List.copyOf(elements);
        }

        public int tag() {
            return DataTag.COMPACT_ARRAY;
        }
    }

    record Long64(long value) implements Data {
        public int tag() {
            return DataTag.LONG64;
        }
    }

    /** Unsigned 64-bit, held in a long (read it with {@link Long#toUnsignedString}). */
    record Long64Unsigned(long value) implements Data {
        public int tag() {
            return DataTag.LONG64_UNSIGNED;
        }
    }

    record Enumerated(int value) implements Data {
        public Enumerated {
            if (value < 0 || value > 0xFF) {
                throw new IllegalArgumentException("enum out of range: " + value);
            }
        }

        public int tag() {
            return DataTag.ENUM;
        }
    }

    /** IEEE 754 single, kept as its raw bits so every NaN payload round-trips. */
    record Float32(int bits) implements Data {
        public float value() {
            return Float.intBitsToFloat(bits);
        }

        public int tag() {
            return DataTag.FLOAT32;
        }
    }

    record Float64(long bits) implements Data {
        public double value() {
            return Double.longBitsToDouble(bits);
        }

        public int tag() {
            return DataTag.FLOAT64;
        }
    }

    /** The native date-time (tag 25), 12 bytes. GBCS itself uses octet-string(12). */
    record DateTimeNative(CosemDateTime value) implements Data {
        public int tag() {
            return DataTag.DATE_TIME;
        }
    }

    /** Native date (tag 26, 5 bytes) or time (tag 27, 4 bytes), kept raw. */
    record DateOrTimeNative(int tag, byte[] value) implements Data {
        public DateOrTimeNative {
            if (!(tag == DataTag.DATE && value.length == 5) && !(tag == DataTag.TIME && value.length == 4)) {
                throw new IllegalArgumentException("native date is 5 bytes, native time 4");
            }
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DateOrTimeNative d && tag == d.tag && Arrays.equals(value, d.value);
        }

        @Override
        public int hashCode() {
            return tag * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return (tag == DataTag.DATE ? "Date[" : "Time[") + Hex.encode(value) + "]";
        }
    }
}
