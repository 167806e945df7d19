package org.dccsim.gbcs.usecase;

import java.io.IOException;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.GbcsDecodeException.Reason;
import org.dccsim.gbcs.internal.StrictDer;

/**
 * GBCS CS06 Activate Firmware (DUIS 11.3), ASN.1 DER. Layouts read off DCC's RTDS messages:
 * <pre>
 * command  SEQUENCE { OCTET STRING (32) image hash, INTEGER originator counter, GeneralizedTime execution OPTIONAL }
 * response SEQUENCE { INTEGER result (0 activated), OCTET STRING (4) the version now running }   activated now
 *          NULL                                                                                    accepted for later
 * alert    SEQUENCE { INTEGER 8F66 or 8F67, GeneralizedTime executed, INTEGER the command's counter, response }
 * </pre>
 * An execution time of 9999-12-31T23:59:59Z cancels a pending activation (the RTDS's cancellation); the alert's
 * message code is 0x00CA.
 */
public final class FirmwareActivation {
    public static final int CS06 = 0x0012;
    public static final int ALERT = 0x00CA;
    public static final int HASH_LENGTH = 32;
    public static final int VERSION_LENGTH = 4;
    public static final int RESULT_ACTIVATED = 0;
    /** GBCS leaves the failure codes open; dccsim answers 1 for an image the device does not hold. */
    public static final int RESULT_NO_IMAGE = 1;
    public static final Instant CANCEL = Instant.parse("9999-12-31T23:59:59Z");
    private static final DateTimeFormatter GENERALIZED = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private FirmwareActivation() {
    }

    /** A CS06 command: the image to run, the command's counter, and when (null: now). */
    public record Command(byte[] hash, long counter, Instant execution) {
        public Command {
            if (hash.length != HASH_LENGTH) {
                throw new IllegalArgumentException("a firmware image hash is " + HASH_LENGTH + " octets, not " + hash.length);
            }
            hash = hash.clone();
        }

        @Override
        public byte[] hash() {
            return hash.clone();
        }

        public boolean cancels() {
            return CANCEL.equals(execution);
        }
    }

    public static byte[] encode(Command c) {
        ASN1Encodable[] fields = c.execution() == null
                ? new ASN1Encodable[] {new DEROctetString(c.hash), new ASN1Integer(c.counter())}
                : new ASN1Encodable[] {new DEROctetString(c.hash), new ASN1Integer(c.counter()),
                    new DERGeneralizedTime(GENERALIZED.format(c.execution()))};
        return StrictDer.encode(new DERSequence(fields));
    }

    public static Command decode(byte[] der) throws GbcsDecodeException {
        try {
            ASN1Sequence s = ASN1Sequence.getInstance(StrictDer.parse(der, 1024));
            if (s.size() < 2 || s.size() > 3) {
                throw new IllegalArgumentException(s.size() + " fields");
            }
            byte[] hash = ASN1OctetString.getInstance(s.getObjectAt(0)).getOctets();
            long counter = ASN1Integer.getInstance(s.getObjectAt(1)).longValueExact();
            Instant execution = s.size() == 3 ? ASN1GeneralizedTime.getInstance(s.getObjectAt(2)).getDate().toInstant() : null;
            return new Command(hash, counter, execution);
        } catch (IOException | RuntimeException | ParseException e) {
            throw new GbcsDecodeException(Reason.UNKNOWN_APDU, 0, "not a CS06 firmware activation: " + e.getMessage());
        }
    }

    /** The immediate answer: the result and the version running after it. */
    public static byte[] encodeResponse(int result, byte[] version) {
        return StrictDer.encode(outcome(result, version));
    }

    /** A future-dated activation (or its cancellation) accepted: NULL. */
    public static byte[] encodeAccepted() {
        return StrictDer.encode(DERNull.INSTANCE);
    }

    /** The alert when a future-dated activation ran (8F66) or could not (8F67). */
    public static byte[] encodeAlert(Instant executed, long counter, int result, byte[] version) {
        return StrictDer.encode(new DERSequence(new ASN1Encodable[] {
            new ASN1Integer(result == RESULT_ACTIVATED ? 0x8F66 : 0x8F67), new DERGeneralizedTime(GENERALIZED.format(executed)),
            new ASN1Integer(counter), outcome(result, version)}));
    }

    private static DERSequence outcome(int result, byte[] version) {
        if (version.length != VERSION_LENGTH) {
            throw new IllegalArgumentException("a firmware version is " + VERSION_LENGTH + " octets");
        }
        return new DERSequence(new ASN1Encodable[] {new ASN1Integer(result), new DEROctetString(version)});
    }
}
