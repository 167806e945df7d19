package org.dccsim.gbcs.crypto;

/** The two GBCS key pairs every party holds (GBCS 4.2): digital signing and key agreement. */
public enum KeyUsage {
    /** Digital signing: ECDSA on critical commands, critical responses and alerts. */
    DS("ds"),
    /** Key agreement: ECDH for MACs and payload encryption. */
    KA("ka");

    private final String fileTag;

    KeyUsage(String fileTag) {
        this.fileTag = fileTag;
    }

    /** The tag in RTDS keystore file names: {@code <eui>-ds.pem}, {@code <eui>-ka.key}. */
    public String fileTag() {
        return fileTag;
    }
}
