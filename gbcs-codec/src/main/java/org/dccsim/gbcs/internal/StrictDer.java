package org.dccsim.gbcs.internal;

import java.io.IOException;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;

/**
 * The GBCS ASN.1 payloads (CS02, CS03, CS04, CS07) as DER only: bounded in size before Bouncy Castle reads them, and
 * accepted only if they re-encode to the same bytes, so BER forms (indefinite lengths, non-minimal lengths) and
 * trailing bytes are refused rather than silently normalised.
 */
public final class StrictDer {
    private StrictDer() {
    }

    public static ASN1Primitive parse(byte[] der, int maxBytes) throws IOException {
        if (der.length == 0 || der.length > maxBytes) {
            throw new IOException("empty or oversized DER");
        }
        ASN1Primitive p = ASN1Primitive.fromByteArray(der);
        if (!Arrays.equals(p.getEncoded(ASN1Encoding.DER), der)) {
            throw new IOException("not DER (non-minimal or trailing bytes)");
        }
        return p;
    }

    public static byte[] encode(ASN1Encodable e) {
        try {
            return e.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException ex) {
            throw new IllegalStateException("DER encoding of a value we built: " + ex.getMessage(), ex);
        }
    }
}
