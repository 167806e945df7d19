package org.dccsim.duis;

/**
 * A request the gateway refuses, with the DUIS response code it answers (DUIS response codes, e.g. E1, E12,
 * E19) and a reason for logs. Cheap: no stack trace.
 */
public final class DuisException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String responseCode;

    public DuisException(String responseCode, String reason) {
        super(reason, null, false, false);
        this.responseCode = responseCode;
    }

    public String responseCode() {
        return responseCode;
    }

    /** "E12: reason", for one-line messages. */
    public String getResponseCodeText() {
        return responseCode + ": " + getMessage();
    }

    @Override
    public String toString() {
        return responseCode + ": " + getMessage();
    }
}
