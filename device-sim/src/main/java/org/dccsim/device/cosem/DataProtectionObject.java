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
 * ECS22b, ECS66, ECS20c): read the listed objects (each with an optional date restriction), encrypt their values, a
 * structure in list order, for the requester with a key agreed between the device and it (KDF flag 4), and return the protection parameters
 * with the system titles swapped, then the protected octets (RTDS-verified layout).
 */
public final class DataProtectionObject implements CosemObject {
    /**
     * The most objects one read may list: GBCS's protected reads name one, ECS20c two; a longer list from the network
     * is refused (other-reason) rather than read object by object.
     */
    static final int MAX_OBJECTS = 4;
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
            java.util.List<Data> objects = ((Data.Array) p.get(0)).elements();
            if (objects.isEmpty() || objects.size() > MAX_OBJECTS) {
                return AccessResult.fail(DataAccessResult.OTHER_REASON);
            }
            java.util.List<Data> values = new java.util.ArrayList<>(objects.size());
            for (Data o : objects) {
                Data.Structure object = (Data.Structure) o;
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
                values.add(value);
            }
            Data.Structure protection = (Data.Structure) ((Data.Array) p.get(1)).elements().get(0);
            Data.Structure params = (Data.Structure) protection.get(1);
            GeneralSigningApdu cmd = inv.command();
            GeneralSigningApdu responseHeader = new GeneralSigningApdu(org.dccsim.gbcs.frame.CraFlag.RESPONSE,
                    cmd.originatorCounter(), device, cmd.originator(), null, inv.responseOtherInformation(), new byte[0],
                    org.dccsim.gbcs.frame.SignatureField.NULL);
            byte[] plaintext = DataCodec.encode(new Data.Structure(values));
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
