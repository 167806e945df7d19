package org.dccsim.duis;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * Writes the DUIS Response documents a head-end sends and signs them with the DCC's DSP XML-signing key, so DCC
 * tooling validates them as it validates DCC Boxed's.
 */
public final class ResponseWriter {
    private final DuisSignatures signatures;
    private final PrivateKey dspKey;
    private final X509Certificate dspCertificate;

    public ResponseWriter(DuisSignatures signatures, PrivateKey dspKey, X509Certificate dspCertificate) {
        this.signatures = signatures;
        this.dspKey = dspKey;
        this.dspCertificate = dspCertificate;
    }

    /** The response, signed, as UTF-8 bytes. */
    public byte[] signed(DuisResponse response) {
        return signatures.sign(response.toXml(), dspKey, dspCertificate);
    }

    public byte[] build(String requestId, String responseId, String code, Instant at, DuisResponse.Content content) {
        return signed(new DuisResponse(requestId, responseId, code, at, content));
    }

    public X509Certificate dspCertificate() {
        return dspCertificate;
    }
}
