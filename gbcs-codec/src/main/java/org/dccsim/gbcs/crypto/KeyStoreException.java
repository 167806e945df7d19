package org.dccsim.gbcs.crypto;

/** A key file is missing or unreadable. The message names the file, never the key. */
public final class KeyStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KeyStoreException(String message) {
        super(message);
    }
}
