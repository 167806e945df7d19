package org.dccsim.gbcs.usecase;

import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;

/**
 * The get_protected_attributes parameter of a Data Protection object (class 30, method 1) as GBCS uses it for
 * protected reads (ECS17b/d/e, ECS22b, ECS66, ...): {@code structure{ object_list, required_protection }}.
 * The object list names one object with an optional date restriction; the required protection asks for
 * authenticated encryption with a key agreed between the requester and the device (GBCS 10.x; RTDS-verified).
 */
final class ProtectedReads {
    private ProtectedReads() {
    }

    static Data parameter(int classId, ObisCode obis, int attribute, CosemDateTime from, CosemDateTime to,
            CommandContext ctx) {
        return parameter(java.util.List.of(new CosemAttribute(classId, obis, attribute)), from, to, ctx);
    }

    /**
     * As above for several objects in one object list (ECS20c reads its two billing data logs so), each with the same
     * restriction; the device answers their values in list order.
     */
    static Data parameter(java.util.List<CosemAttribute> objects, CosemDateTime from, CosemDateTime to, CommandContext ctx) {
        Data restriction = from == null
                ? Data.structure(new Data.Enumerated(0), Data.NULL)
                : Data.structure(new Data.Enumerated(1), Data.structure(Data.octets(from.toBytes()), Data.octets(to.toBytes())));
        java.util.List<Data> list = new java.util.ArrayList<>(objects.size());
        for (CosemAttribute o : objects) {
            list.add(Data.structure(new Data.LongUnsigned(o.classId()), Data.octets(o.obis().toBytes()),
                    new Data.Integer8(o.id()), new Data.LongUnsigned(0), restriction));
        }
        Data objectList = new Data.Array(list);
        byte[] transactionId = new byte[9];
        transactionId[0] = 0x04; // the KDF flag for encryption, then the counter
        for (int i = 0; i < 8; i++) {
            transactionId[1 + i] = (byte) (ctx.counter() >>> (56 - 8 * i));
        }
        // For an Unknown Remote Party (the ACB sending with the party's certificate) the party, not the ACB, is the
        // one the device encrypts for (RTDS ECS21b URP); the counter stays the command's.
        org.dccsim.gbcs.Eui64 requester = ctx.supplement() != null && ctx.supplement().supplementaryCertificate() != null
                ? ctx.supplement().supplementaryRemotePartyId() : ctx.originator();
        Data protection = Data.array(Data.structure(new Data.Enumerated(2), Data.structure(Data.octets(transactionId),
                Data.octets(requester.toBytes()), Data.octets(ctx.recipient().toBytes()), Data.octets(new byte[0]),
                Data.structure(new Data.Enumerated(2), Data.structure(Data.octets(new byte[] {2}), Data.octets(new byte[0]))))));
        return Data.structure(objectList, protection);
    }

    static CosemAttribute method(ObisCode protectionObject) {
        return new CosemAttribute(GbcsObjects.CLASS_DATA_PROTECTION, protectionObject, 1);
    }

    /** The restriction's dates of a parameter built as above, or null for "none"; throws if the shape differs. */
    static CosemDateTime[] restriction(Data parameter) throws Exception {
        Data.Structure p = (Data.Structure) parameter;
        Data.Structure object = (Data.Structure) ((Data.Array) p.get(0)).elements().get(0);
        Data.Structure r = (Data.Structure) object.get(4);
        if (((Data.Enumerated) r.get(0)).value() == 0) {
            return null;
        }
        Data.Structure range = (Data.Structure) r.get(1);
        return new CosemDateTime[] {CosemDateTime.of(((Data.OctetString) range.get(0)).value()),
            CosemDateTime.of(((Data.OctetString) range.get(1)).value())};
    }

    /** A range_descriptor (selector 1) on UTC seconds, for plain profile reads (ECS22a/c, ECS35x, ECS61c). */
    static Data rangeDescriptor(long fromUtcSeconds, long toUtcSeconds) {
        return Data.structure(
                Data.structure(new Data.LongUnsigned(GbcsObjects.CLASS_DATA), Data.octets(GbcsObjects.UTC_TIME.toBytes()),
                        new Data.Integer8(2), new Data.LongUnsigned(0)),
                new Data.DoubleLongUnsigned(fromUtcSeconds), new Data.DoubleLongUnsigned(toUtcSeconds), Data.array());
    }
}
