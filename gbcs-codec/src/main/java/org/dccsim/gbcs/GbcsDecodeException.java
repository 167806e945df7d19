package org.dccsim.gbcs;

/**
 * The one exception a GBCS decoder throws: the input is not a message we can read.
 *
 * <p>It is checked, so callers at the edges (the WAN link, the DUIS gateway, the CLI) must turn it into a
 * protocol answer. It is cheap: no stack trace is captured, because hostile input makes it a normal outcome
 * and the reason code plus the byte offset say everything a caller needs.
 */
public final class GbcsDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a decode failed; stable codes a caller can switch on and print. */
    public enum Reason {
        /** The input ended inside a field. */
        TRUNCATED,
        /** The input is larger than the configured frame cap. */
        FRAME_TOO_LARGE,
        /** Bytes were left over after a complete message. */
        TRAILING_BYTES,
        /** A tag byte is not the one the format requires at this point. */
        UNEXPECTED_TAG,
        /** A BER length uses more bytes than needed, or a form we do not accept (indefinite, over 4 bytes). */
        BAD_LENGTH,
        /** The General-Ciphering (MAC) header has field values GBCS does not use. */
        UNSUPPORTED_MAC_HEADER,
        /** The transaction-id is not 9 bytes or carries an unknown CRA flag. */
        BAD_TRANSACTION_ID,
        /** A system title is not 8 bytes. */
        BAD_SYSTEM_TITLE,
        /** A date-time field is neither absent nor 12 bytes. */
        BAD_DATE_TIME,
        /** The other-information field has a length GBCS does not define. */
        BAD_OTHER_INFORMATION,
        /** The signature field is neither absent, null nor 64 bytes. */
        BAD_SIGNATURE_FIELD,
        /** The payload is not an xDLMS APDU we know. */
        UNKNOWN_APDU,
        /** An A-XDR Data tag we do not know. */
        UNKNOWN_DATA_TYPE,
        /** A compact-array type description or its contents do not agree. */
        BAD_COMPACT_ARRAY,
        /** Data is nested deeper than any GBCS message needs. */
        NESTING_TOO_DEEP,
        /** A quantity or count is larger than the bytes that remain could hold. */
        BAD_QUANTITY,
        /** A protected (encrypted) payload is malformed. */
        BAD_PROTECTED_PAYLOAD,
        /** Hex text is malformed. */
        BAD_HEX
    }

    private final Reason reason;
    private final int offset;

    public GbcsDecodeException(Reason reason, int offset, String detail) {
        super(reason + " at byte " + offset + (detail == null || detail.isEmpty() ? "" : ": " + detail),
                null, false, false);
        this.reason = reason;
        this.offset = offset;
    }

    public Reason reason() {
        return reason;
    }

    /** Offset of the offending byte, counted from the start of the buffer handed to the decoder. */
    public int offset() {
        return offset;
    }
}
