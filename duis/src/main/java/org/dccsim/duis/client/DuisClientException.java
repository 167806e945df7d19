package org.dccsim.duis.client;

import org.dccsim.duis.DuisCodes;

/**
 * Why an exchange with a head-end failed, as a value a caller can act on (a CLI maps it to an exit code, a drill to
 * a retry). Cheap: no stack trace.
 */
public final class DuisClientException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** No connection to the head-end. */
        UNREACHABLE,
        /** The head-end did not answer in time. */
        TIMEOUT,
        /** The head-end answered with an HTTP status other than the exchange expects. */
        HTTP_STATUS,
        /** The head-end refused the request with a DUIS code ({@link #code()}). */
        REFUSED,
        /** The answer is not a valid signed DUIS document, or its GBCS does not decode. */
        BAD_ANSWER,
        /** The client has no key to do what the exchange needs (sign a pre-command, say). */
        NO_KEY
    }

    private final Reason reason;
    private final String code;
    private final int status;

    private DuisClientException(Reason reason, String message, String code, int status) {
        super(message, null, false, false);
        this.reason = reason;
        this.code = code;
        this.status = status;
    }

    public static DuisClientException of(Reason reason, String message) {
        return new DuisClientException(reason, message, null, 0);
    }

    public static DuisClientException refused(String code, String requestId) {
        return new DuisClientException(Reason.REFUSED, "the head-end refused " + requestId + ": " + code + " ("
                + DuisCodes.meaning(code) + ")", code, 0);
    }

    public static DuisClientException httpStatus(int status, String what) {
        return new DuisClientException(Reason.HTTP_STATUS, what + ": the head-end answered HTTP " + status, null, status);
    }

    public Reason reason() {
        return reason;
    }

    /** The DUIS response code of a refusal (E4, E12...), else null. */
    public String code() {
        return code;
    }

    /** The HTTP status of an {@link Reason#HTTP_STATUS} failure, else 0. */
    public int status() {
        return status;
    }
}
