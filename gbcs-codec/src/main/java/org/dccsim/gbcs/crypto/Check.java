package org.dccsim.gbcs.crypto;

/** The outcome of checking a MAC or a signature. */
public enum Check {
    VALID, INVALID,
    /** There is nothing to check (no MAC header, null signature) or the keys needed are not held. */
    NOT_CHECKABLE;

    public static Check of(boolean valid) {
        return valid ? VALID : INVALID;
    }

    /** true, false, or null when not checkable: the JSON form the CLI prints. */
    public Boolean asBoolean() {
        return this == NOT_CHECKABLE ? null : this == VALID;
    }
}
