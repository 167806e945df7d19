package org.dccsim.device.fleet;

/** A fleet file that cannot be used: the message says where and why, in one line. */
public final class FleetSpecException extends Exception {
    private static final long serialVersionUID = 1L;

    public FleetSpecException(String message) {
        super(message, null, false, false);
    }
}
