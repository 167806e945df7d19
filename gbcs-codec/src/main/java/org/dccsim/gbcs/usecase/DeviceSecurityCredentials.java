package org.dccsim.gbcs.usecase;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.crypto.KeyUsage;
import org.dccsim.gbcs.internal.StrictDer;

/**
 * A device's own security credentials (GBCS 13.4-13.6), ASN.1 DER payloads as in the RTDS:
 * <ul>
 * <li>CS02c Issue Security Credentials (0x000A, DUIS 6.17): the command is {@code SEQUENCE { keyUsage BIT STRING }},
 * the device makes a new key pair for that usage and answers with a PKCS#10 certification request for it
 * ({@link org.dccsim.gbcs.crypto.CertificationRequests}), or an INTEGER error;</li>
 * <li>CS02d Update Device Certificate on Device (0x000B, DUIS 6.15.2): the command is the new X.509 certificate, the
 * answer an INTEGER, 0 when the device placed it;</li>
 * <li>CS02e Provide Device Certificates from Device (0x000C, DUIS 6.24.2): the command is CS02c's, the answer the
 * device's certificate for that usage, or an INTEGER error.</li>
 * </ul>
 * The RTDS's error answers are INTEGER 3 (to Key Agreement requests); which other values GBCS defines is not in the
 * material we have, so dccsim's devices answer 3 for every refusal.
 */
public final class DeviceSecurityCredentials {
    public static final int CS02C = 0x000A;
    public static final int CS02D = 0x000B;
    public static final int CS02E = 0x000C;
    public static final int RESULT_SUCCESS = 0;
    /** The RTDS's error answer to CS02c, CS02d and CS02e. */
    public static final int RESULT_REFUSED = 3;
    /** A certificate is a few hundred bytes; a request that claims more is not one. */
    private static final int MAX_BYTES = 4096;

    private static final byte[] DS = {0x30, 0x04, 0x03, 0x02, 0x07, (byte) 0x80};
    private static final byte[] KA = {0x30, 0x04, 0x03, 0x02, 0x03, 0x08};

    private DeviceSecurityCredentials() {
    }

    /** CS02c's and CS02e's command: the key usage as a DER KeyUsage bit string (digitalSignature or keyAgreement). */
    public static byte[] encodeUsage(KeyUsage usage) {
        return (usage == KeyUsage.DS ? DS : KA).clone();
    }

    /** The key usage a CS02c or CS02e command asks about. */
    public static KeyUsage decodeUsage(byte[] content) throws GbcsDecodeException {
        if (Arrays.equals(content, DS)) {
            return KeyUsage.DS;
        }
        if (Arrays.equals(content, KA)) {
            return KeyUsage.KA;
        }
        throw new GbcsDecodeException(GbcsDecodeException.Reason.UNKNOWN_APDU, 0,
                "not a key usage of digitalSignature or keyAgreement alone");
    }

    /** An INTEGER answer (CS02d's result, or any refusal). */
    public static byte[] encodeResult(int result) {
        return StrictDer.encode(new ASN1Integer(result));
    }

    /** Whether the content is an INTEGER answer rather than a certificate or certification request. */
    public static boolean isResult(byte[] content) {
        return content.length > 0 && content[0] == 0x02;
    }

    public static int decodeResult(byte[] content) throws GbcsDecodeException {
        try {
            ASN1Primitive p = StrictDer.parse(content, 16);
            BigInteger v = ASN1Integer.getInstance(p).getValue();
            if (v.signum() < 0 || v.bitLength() > 15) {
                throw new IllegalArgumentException("result out of range");
            }
            return v.intValue();
        } catch (IOException | IllegalArgumentException e) {
            throw new GbcsDecodeException(GbcsDecodeException.Reason.UNKNOWN_APDU, 0, "not a credentials result: " + e.getMessage());
        }
    }

    /**
     * Checks that CS02d's content, or CS02c's or CS02e's answer, is one DER SEQUENCE and nothing more (a certificate or a
     * certification request); its own checks are the certificate's or request's parser's.
     */
    public static byte[] requireSequence(byte[] content) throws GbcsDecodeException {
        try {
            ASN1Sequence.getInstance(StrictDer.parse(content, MAX_BYTES));
            return content.clone();
        } catch (IOException | IllegalArgumentException e) {
            throw new GbcsDecodeException(GbcsDecodeException.Reason.UNKNOWN_APDU, 0, "not a DER SEQUENCE: " + e.getMessage());
        }
    }
}
