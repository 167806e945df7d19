package org.dccsim.drill;

/** A scenario that cannot run: the message names the file and the problem, in one line, for the user. */
public final class ScenarioException extends RuntimeException {
    public ScenarioException(String message) {
        super(message);
    }
}
