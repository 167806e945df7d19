package org.dccsim.device.cosem;

import java.time.Instant;
import java.util.function.Function;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.DataCodec;
import org.dccsim.gbcs.dlms.ObisCode;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.usecase.GbcsObjects;

/**
 * Data Protection (class 30), method 1 get_protected_attributes, as GBCS protected reads use it (ECS17b,
 * ECS22b, ECS66): read the listed object (with an optional date restriction), encrypt the value for the
 * requester with a key agreed between the device and it (KDF flag 4), and return the protection parameters
 * with the system titles swapped, then the protected octets (RTDS-verified layout).
 */
public final class DataProtectionObject implements CosemObject {
    private final ObisCode obis;

    public DataProtectionObject(ObisCode obis) {
        this.obis = obis;
    }

    @Override
    public int classId() {
        return GbcsObjects.CLASS_DATA_PROTECTION;
    }

    @Override
    public ObisCode obis() {
        return obis;
    }

    @Override
    public AccessResult action(int method, Data parameter, Invocation inv) {
        if (method != 1) {
            return AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE);
        }
        MeteringState state = inv.device();
        Eui64 device = state.eui();
        try {
            Data.Structure p = (Data.Structure) parameter;
            Data.Structure object = (Data.Structure) ((Data.Array) p.get(0)).elements().get(0);
            int classId = ((Data.LongUnsigned) object.get(0)).value();
            ObisCode target = ObisCode.fromBytes(((Data.OctetString) object.get(1)).value(), 0);
            int attribute = ((Data.Integer8) object.get(2)).value();
            Data.Structure restriction = (Data.Structure) object.get(4);
            Instant from = null;
            Instant to = null;
            if (((Data.Enumerated) restriction.get(0)).value() == 1) {
                Data.Structure range = (Data.Structure) restriction.get(1);
                from = date(range.get(0), Function.identity());
                to = date(range.get(1), Function.identity());
                if (from == null || to == null || to.isBefore(from)) {
                    return AccessResult.fail(DataAccessResult.OTHER_REASON);
                }
            }
            Data value = state.protectedRead(classId, target, attribute, from, to, inv);
            if (value == null) {
                return AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE);
            }
            Data.Structure protection = (Data.Structure) ((Data.Array) p.get(1)).elements().get(0);
            Data.Structure params = (Data.Structure) protection.get(1);
            GeneralSigningApdu cmd = inv.command();
            GeneralSigningApdu responseHeader = new GeneralSigningApdu(org.dccsim.gbcs.frame.CraFlag.RESPONSE,
                    cmd.originatorCounter(), device, cmd.originator(), null, inv.responseOtherInformation(), new byte[0],
                    org.dccsim.gbcs.frame.SignatureField.NULL);
            byte[] plaintext = DataCodec.encode(Data.structure(value));
            // An Unknown Remote Party's read is encrypted with the key its certificate carried (URP, GBCS 4.3.3).
            byte[] octets = (inv.urpKey() != null
                    ? state.security().encryptPayloadFor(responseHeader, device, inv.urpKey(), plaintext)
                    : state.security().encryptPayload(responseHeader, device, plaintext)).toOctets();
            Data swapped = Data.structure(params.get(0), params.get(2), params.get(1), params.get(3), params.get(4));
            return AccessResult.ok(Data.structure(Data.array(Data.structure(protection.get(0), swapped)), Data.octets(octets)));
        } catch (ClassCastException | IndexOutOfBoundsException e) {
            return AccessResult.fail(DataAccessResult.TYPE_UNMATCHED);
        } catch (org.dccsim.gbcs.crypto.KeyStoreException e) {
            // No key agreed with this requester: it cannot be answered confidentially.
            return AccessResult.fail(DataAccessResult.READ_WRITE_DENIED);
        }
    }

    private static Instant date(Data d, Function<Instant, Instant> f) {
        if (!(d instanceof Data.OctetString s) || s.length() != CosemDateTime.LENGTH) {
            return null;
        }
        try {
            return CosemDateTime.of(s.value()).toInstant().map(f).orElse(null);
        } catch (org.dccsim.gbcs.GbcsDecodeException e) {
            return null;
        }
    }
}
