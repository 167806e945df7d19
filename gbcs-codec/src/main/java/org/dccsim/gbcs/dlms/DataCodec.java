package org.dccsim.gbcs.dlms;

import java.util.ArrayList;
import java.util.List;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.GbcsDecodeException.Reason;
import org.dccsim.gbcs.internal.ByteReader;
import org.dccsim.gbcs.internal.ByteWriter;

/**
 * A-XDR encoding of {@link Data} (DLMS Green Book 9.5 and IEC 61334-6). Quantities and lengths use the BER
 * definite form, minimal as in every RTDS message.
 *
 * <p>Defences against hostile input: a count is checked against the bytes that remain before a list is
 * allocated (every element takes at least one byte), nesting is capped at {@link #MAX_DEPTH}, and compact-array
 * type descriptions whose elements would take no bytes are refused, so a few bytes can never expand into
 * millions of values.
 */
public final class DataCodec {
    /** GBCS payloads nest about six deep (ECS22b); 32 leaves room and bounds recursion. */
    public static final int MAX_DEPTH = 32;

    private DataCodec() {
    }

    public static Data decode(byte[] bytes) throws GbcsDecodeException {
        ByteReader r = new ByteReader(bytes);
        Data d = decode(r);
        if (r.hasRemaining()) {
            throw new GbcsDecodeException(Reason.TRAILING_BYTES, r.position(), r.remaining() + " bytes after the data");
        }
        return d;
    }

    public static Data decode(ByteReader r) throws GbcsDecodeException {
        return decode(r, 0);
    }

    private static Data decode(ByteReader r, int depth) throws GbcsDecodeException {
        if (depth > MAX_DEPTH) {
            throw new GbcsDecodeException(Reason.NESTING_TOO_DEEP, r.position(), "data nested deeper than " + MAX_DEPTH);
        }
        int at = r.position();
        int tag = r.u8();
        switch (tag) {
            case DataTag.ARRAY:
                return new Data.Array(list(r, depth));
            case DataTag.STRUCTURE:
                return new Data.Structure(list(r, depth));
            case DataTag.COMPACT_ARRAY:
                return compactArray(r, depth);
            default:
                Data d = value(r, tag, depth);
                if (d == null) {
                    throw new GbcsDecodeException(Reason.UNKNOWN_DATA_TYPE, at, String.format("data tag %02X", tag));
                }
                return d;
        }
    }

    private static List<Data> list(ByteReader r, int depth) throws GbcsDecodeException {
        int at = r.position();
        int count = r.berLength();
        if (count > r.remaining()) {
            throw new GbcsDecodeException(Reason.BAD_QUANTITY, at, count + " elements but " + r.remaining() + " bytes left");
        }
        List<Data> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(decode(r, depth + 1));
        }
        return out;
    }

    /** The value of a simple type after its tag (tagged or inside a compact-array); null for an unknown tag. */
    private static Data value(ByteReader r, int tag, int depth) throws GbcsDecodeException {
        switch (tag) {
            case DataTag.NULL_DATA:
                return Data.NULL;
            case DataTag.BOOLEAN:
                return new Data.Bool(r.u8() != 0);
            case DataTag.BIT_STRING: {
                int at = r.position();
                int bits = r.berLength();
                int bytes = (bits + 7) / 8;
                if (bytes > r.remaining()) {
                    throw new GbcsDecodeException(Reason.TRUNCATED, at, bits + " bits but " + r.remaining() + " bytes left");
                }
                return new Data.BitString(bits, r.bytes(bytes));
            }
            case DataTag.DOUBLE_LONG:
                return new Data.DoubleLong(r.s32());
            case DataTag.DOUBLE_LONG_UNSIGNED:
                return new Data.DoubleLongUnsigned(r.u32());
            case DataTag.OCTET_STRING:
                return new Data.OctetString(r.bytes(r.berLengthWithin()));
            case DataTag.VISIBLE_STRING:
                return new Data.VisibleString(r.bytes(r.berLengthWithin()));
            case DataTag.UTF8_STRING:
                return new Data.Utf8String(r.bytes(r.berLengthWithin()));
            case DataTag.BCD:
                return new Data.Bcd(r.u8());
            case DataTag.INTEGER:
                return new Data.Integer8((byte) r.u8());
            case DataTag.LONG:
                return new Data.Long16((short) r.u16());
            case DataTag.UNSIGNED:
                return new Data.Unsigned8(r.u8());
            case DataTag.LONG_UNSIGNED:
                return new Data.LongUnsigned(r.u16());
            case DataTag.LONG64:
                return new Data.Long64(r.s64());
            case DataTag.LONG64_UNSIGNED:
                return new Data.Long64Unsigned(r.s64());
            case DataTag.ENUM:
                return new Data.Enumerated(r.u8());
            case DataTag.FLOAT32:
                return new Data.Float32(r.s32());
            case DataTag.FLOAT64:
                return new Data.Float64(r.s64());
            case DataTag.DATE_TIME: {
                r.require(12);
                CosemDateTime dt = CosemDateTime.decode(r.array(), r.position());
                r.skip(12);
                return new Data.DateTimeNative(dt);
            }
            case DataTag.DATE:
                return new Data.DateOrTimeNative(DataTag.DATE, r.bytes(5));
            case DataTag.TIME:
                return new Data.DateOrTimeNative(DataTag.TIME, r.bytes(4));
            default:
                return null;
        }
    }

    private static Data compactArray(ByteReader r, int depth) throws GbcsDecodeException {
        int at = r.position();
        TypeDescription type = typeDescription(r, 0);
        int minSize = minSize(type);
        if (minSize == 0) {
            throw new GbcsDecodeException(Reason.BAD_COMPACT_ARRAY, at, "element type takes no bytes");
        }
        int contentsLength = r.berLengthWithin();
        int end = r.position() + contentsLength;
        List<Data> elements = new ArrayList<>(Math.min(contentsLength / minSize, 4096));
        while (r.position() < end) {
            elements.add(untagged(r, type, depth + 1));
            if (r.position() > end) {
                throw new GbcsDecodeException(Reason.BAD_COMPACT_ARRAY, end, "element runs past the contents length");
            }
        }
        return new Data.CompactArray(type, elements);
    }

    private static TypeDescription typeDescription(ByteReader r, int depth) throws GbcsDecodeException {
        if (depth > MAX_DEPTH) {
            throw new GbcsDecodeException(Reason.NESTING_TOO_DEEP, r.position(), "type description too deep");
        }
        int at = r.position();
        int tag = r.u8();
        if (tag == DataTag.ARRAY) {
            int count = r.u16();
            TypeDescription element = typeDescription(r, depth + 1);
            if (count > 0 && minSize(element) == 0) {
                // An array of values that take no bytes would let a short input expand without bound.
                throw new GbcsDecodeException(Reason.BAD_COMPACT_ARRAY, at, "array of elements that take no bytes");
            }
            return new TypeDescription.ArrayOf(count, element);
        }
        if (tag == DataTag.STRUCTURE) {
            int count = r.berLength();
            if (count > r.remaining()) {
                throw new GbcsDecodeException(Reason.BAD_QUANTITY, at, "structure of " + count + " types");
            }
            List<TypeDescription> types = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                types.add(typeDescription(r, depth + 1));
            }
            return new TypeDescription.StructureOf(types);
        }
        if (tag == DataTag.COMPACT_ARRAY || DataTag.name(tag).startsWith("unknown")) {
            throw new GbcsDecodeException(Reason.BAD_COMPACT_ARRAY, at, String.format("type %02X in a type description", tag));
        }
        return new TypeDescription.Simple(tag);
    }

    /** Fewest bytes one value of the type takes; 0 means it could repeat without consuming input. */
    private static int minSize(TypeDescription t) {
        if (t instanceof TypeDescription.Simple s) {
            int fixed = DataTag.fixedSize(s.tag());
            return fixed >= 0 ? fixed : 1; // variable-length types carry at least a length byte
        }
        if (t instanceof TypeDescription.ArrayOf a) {
            long n = (long) a.count() * minSize(a.element());
            return (int) Math.min(n, Integer.MAX_VALUE);
        }
        long n = 0;
        for (TypeDescription e : ((TypeDescription.StructureOf) t).elements()) {
            n += minSize(e);
        }
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    private static Data untagged(ByteReader r, TypeDescription t, int depth) throws GbcsDecodeException {
        if (depth > MAX_DEPTH) {
            throw new GbcsDecodeException(Reason.NESTING_TOO_DEEP, r.position(), "compact-array too deep");
        }
        if (t instanceof TypeDescription.Simple s) {
            int at = r.position();
            Data d = value(r, s.tag(), depth);
            if (d == null) {
                throw new GbcsDecodeException(Reason.BAD_COMPACT_ARRAY, at, "unknown element type");
            }
            return d;
        }
        if (t instanceof TypeDescription.ArrayOf a) {
            int min = minSize(a.element());
            if ((long) a.count() * min > r.remaining()) {
                throw new GbcsDecodeException(Reason.BAD_QUANTITY, r.position(), "array of " + a.count() + " does not fit");
            }
            List<Data> out = new ArrayList<>(a.count());
            for (int i = 0; i < a.count(); i++) {
                out.add(untagged(r, a.element(), depth + 1));
            }
            return new Data.Array(out);
        }
        List<TypeDescription> types = ((TypeDescription.StructureOf) t).elements();
        List<Data> out = new ArrayList<>(types.size());
        for (TypeDescription e : types) {
            out.add(untagged(r, e, depth + 1));
        }
        return new Data.Structure(out);
    }

    public static byte[] encode(Data d) {
        ByteWriter w = new ByteWriter(64);
        encode(w, d);
        return w.toByteArray();
    }

    public static void encode(ByteWriter w, Data d) {
        w.u8(d.tag());
        if (d instanceof Data.Array a) {
            w.berLength(a.elements().size());
            for (Data e : a.elements()) {
                encode(w, e);
            }
        } else if (d instanceof Data.Structure s) {
            w.berLength(s.elements().size());
            for (Data e : s.elements()) {
                encode(w, e);
            }
        } else if (d instanceof Data.CompactArray c) {
            writeType(w, c.type());
            ByteWriter contents = new ByteWriter(c.elements().size() * 8);
            for (Data e : c.elements()) {
                writeUntagged(contents, c.type(), e);
            }
            w.berLength(contents.size()).bytes(contents.toByteArray());
        } else {
            writeValue(w, d);
        }
    }

    private static void writeType(ByteWriter w, TypeDescription t) {
        if (t instanceof TypeDescription.Simple s) {
            w.u8(s.tag());
        } else if (t instanceof TypeDescription.ArrayOf a) {
            w.u8(DataTag.ARRAY).u16(a.count());
            writeType(w, a.element());
        } else {
            List<TypeDescription> types = ((TypeDescription.StructureOf) t).elements();
            w.u8(DataTag.STRUCTURE).berLength(types.size());
            for (TypeDescription e : types) {
                writeType(w, e);
            }
        }
    }

    private static void writeUntagged(ByteWriter w, TypeDescription t, Data d) {
        if (t instanceof TypeDescription.Simple s) {
            if (d.tag() != s.tag()) {
                throw new IllegalArgumentException("compact-array element " + d + " is not a " + DataTag.name(s.tag()));
            }
            writeValue(w, d);
        } else if (t instanceof TypeDescription.ArrayOf a) {
            List<Data> items = ((Data.Array) d).elements();
            if (items.size() != a.count()) {
                throw new IllegalArgumentException("compact-array element needs " + a.count() + " items");
            }
            for (Data e : items) {
                writeUntagged(w, a.element(), e);
            }
        } else {
            List<TypeDescription> types = ((TypeDescription.StructureOf) t).elements();
            List<Data> items = ((Data.Structure) d).elements();
            if (items.size() != types.size()) {
                throw new IllegalArgumentException("compact-array structure needs " + types.size() + " items");
            }
            for (int i = 0; i < types.size(); i++) {
                writeUntagged(w, types.get(i), items.get(i));
            }
        }
    }

    private static void writeValue(ByteWriter w, Data d) {
        if (d instanceof Data.Null) {
            return;
        } else if (d instanceof Data.Bool b) {
            w.u8(b.value() ? 0xFF : 0x00);
        } else if (d instanceof Data.BitString b) {
            w.berLength(b.bitLength()).bytes(b.bits());
        } else if (d instanceof Data.DoubleLong v) {
            w.u32(v.value());
        } else if (d instanceof Data.DoubleLongUnsigned v) {
            w.u32(v.value());
        } else if (d instanceof Data.OctetString s) {
            w.berLength(s.view().length).bytes(s.view());
        } else if (d instanceof Data.VisibleString s) {
            w.berLength(s.view().length).bytes(s.view());
        } else if (d instanceof Data.Utf8String s) {
            w.berLength(s.view().length).bytes(s.view());
        } else if (d instanceof Data.Bcd v) {
            w.u8(v.value());
        } else if (d instanceof Data.Integer8 v) {
            w.u8(v.value());
        } else if (d instanceof Data.Long16 v) {
            w.u16(v.value());
        } else if (d instanceof Data.Unsigned8 v) {
            w.u8(v.value());
        } else if (d instanceof Data.LongUnsigned v) {
            w.u16(v.value());
        } else if (d instanceof Data.Long64 v) {
            w.u64(v.value());
        } else if (d instanceof Data.Long64Unsigned v) {
            w.u64(v.value());
        } else if (d instanceof Data.Enumerated v) {
            w.u8(v.value());
        } else if (d instanceof Data.Float32 v) {
            w.u32(v.bits());
        } else if (d instanceof Data.Float64 v) {
            w.u64(v.bits());
        } else if (d instanceof Data.DateTimeNative v) {
            w.bytes(v.value().toBytes());
        } else if (d instanceof Data.DateOrTimeNative v) {
            w.bytes(v.value());
        } else {
            throw new IllegalArgumentException("cannot encode " + d + " as a simple value");
        }
    }
}
