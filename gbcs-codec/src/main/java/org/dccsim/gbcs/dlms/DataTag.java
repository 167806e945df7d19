package org.dccsim.gbcs.dlms;

/** A-XDR Data CHOICE tags (DLMS Green Book 9.5) and their names as the Blue Book writes them. */
public final class DataTag {
    public static final int NULL_DATA = 0;
    public static final int ARRAY = 1;
    public static final int STRUCTURE = 2;
    public static final int BOOLEAN = 3;
    public static final int BIT_STRING = 4;
    public static final int DOUBLE_LONG = 5;
    public static final int DOUBLE_LONG_UNSIGNED = 6;
    public static final int OCTET_STRING = 9;
    public static final int VISIBLE_STRING = 10;
    public static final int UTF8_STRING = 12;
    public static final int BCD = 13;
    public static final int INTEGER = 15;
    public static final int LONG = 16;
    public static final int UNSIGNED = 17;
    public static final int LONG_UNSIGNED = 18;
    public static final int COMPACT_ARRAY = 19;
    public static final int LONG64 = 20;
    public static final int LONG64_UNSIGNED = 21;
    public static final int ENUM = 22;
    public static final int FLOAT32 = 23;
    public static final int FLOAT64 = 24;
    public static final int DATE_TIME = 25;
    public static final int DATE = 26;
    public static final int TIME = 27;

    private DataTag() {
    }

    public static String name(int tag) {
        switch (tag) {
            case NULL_DATA: return "null-data";
            case ARRAY: return "array";
            case STRUCTURE: return "structure";
            case BOOLEAN: return "boolean";
            case BIT_STRING: return "bit-string";
            case DOUBLE_LONG: return "double-long";
            case DOUBLE_LONG_UNSIGNED: return "double-long-unsigned";
            case OCTET_STRING: return "octet-string";
            case VISIBLE_STRING: return "visible-string";
            case UTF8_STRING: return "utf8-string";
            case BCD: return "bcd";
            case INTEGER: return "integer";
            case LONG: return "long";
            case UNSIGNED: return "unsigned";
            case LONG_UNSIGNED: return "long-unsigned";
            case COMPACT_ARRAY: return "compact-array";
            case LONG64: return "long64";
            case LONG64_UNSIGNED: return "long64-unsigned";
            case ENUM: return "enum";
            case FLOAT32: return "float32";
            case FLOAT64: return "float64";
            case DATE_TIME: return "date-time";
            case DATE: return "date";
            case TIME: return "time";
            default: return "unknown(" + tag + ")";
        }
    }

    /** Size of a fixed-length type's value, or -1 for the variable-length and constructed types. */
    static int fixedSize(int tag) {
        switch (tag) {
            case NULL_DATA: return 0;
            case BOOLEAN: case BCD: case INTEGER: case UNSIGNED: case ENUM: return 1;
            case LONG: case LONG_UNSIGNED: return 2;
            case DOUBLE_LONG: case DOUBLE_LONG_UNSIGNED: case FLOAT32: return 4;
            case LONG64: case LONG64_UNSIGNED: case FLOAT64: return 8;
            case DATE_TIME: return 12;
            case DATE: return 5;
            case TIME: return 4;
            default: return -1;
        }
    }
}
