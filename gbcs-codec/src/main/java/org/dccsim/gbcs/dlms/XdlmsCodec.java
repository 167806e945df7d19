package org.dccsim.gbcs.dlms;

import java.util.ArrayList;
import java.util.List;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.GbcsDecodeException.Reason;
import org.dccsim.gbcs.internal.ByteReader;
import org.dccsim.gbcs.internal.ByteWriter;

/** Decoder and encoder for the xDLMS APDUs GBCS uses. Stateless; throws only {@link GbcsDecodeException}. */
public final class XdlmsCodec {
    private XdlmsCodec() {
    }

    public static XdlmsApdu decode(byte[] bytes) throws GbcsDecodeException {
        ByteReader r = new ByteReader(bytes);
        XdlmsApdu apdu = decode(r);
        if (r.hasRemaining()) {
            throw new GbcsDecodeException(Reason.TRAILING_BYTES, r.position(), r.remaining() + " bytes after the APDU");
        }
        return apdu;
    }

    public static XdlmsApdu decode(ByteReader r) throws GbcsDecodeException {
        int at = r.position();
        int tag = r.u8();
        switch (tag) {
            case XdlmsApdu.ACCESS_REQUEST: {
                long invoke = r.u32();
                byte[] dateTime = r.bytes(r.berLengthWithin());
                List<AccessRequestSpecification> specs = specifications(r);
                List<Data> data = dataList(r);
                return new XdlmsApdu.AccessRequest(invoke, dateTime, specs, data);
            }
            case XdlmsApdu.ACCESS_RESPONSE: {
                long invoke = r.u32();
                byte[] dateTime = r.bytes(r.berLengthWithin());
                int optionalAt = r.position();
                int present = r.u8();
                List<AccessRequestSpecification> echoed;
                if (present == 0) {
                    echoed = null;
                } else if (present == 1) {
                    echoed = specifications(r);
                } else {
                    throw new GbcsDecodeException(Reason.UNKNOWN_APDU, optionalAt, "OPTIONAL flag must be 00 or 01");
                }
                List<Data> data = dataList(r);
                int countAt = r.position();
                int count = r.berLength();
                if ((long) count * 2 > r.remaining()) {
                    throw new GbcsDecodeException(Reason.BAD_QUANTITY, countAt, count + " results do not fit");
                }
                List<XdlmsApdu.AccessResponseSpecification> results = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    results.add(new XdlmsApdu.AccessResponseSpecification(r.u8(), r.u8()));
                }
                return new XdlmsApdu.AccessResponse(invoke, dateTime, echoed, data, results);
            }
            case XdlmsApdu.DATA_NOTIFICATION: {
                long invoke = r.u32();
                byte[] dateTime = r.bytes(r.berLengthWithin());
                return new XdlmsApdu.DataNotification(invoke, dateTime, DataCodec.decode(r));
            }
            default:
                throw new GbcsDecodeException(Reason.UNKNOWN_APDU, at, String.format("xDLMS tag %02X", tag));
        }
    }

    private static List<AccessRequestSpecification> specifications(ByteReader r) throws GbcsDecodeException {
        int at = r.position();
        int count = r.berLength();
        // Each item takes at least 10 bytes (choice, class, OBIS, id).
        if ((long) count * 10 > r.remaining()) {
            throw new GbcsDecodeException(Reason.BAD_QUANTITY, at, count + " specifications do not fit");
        }
        List<AccessRequestSpecification> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int choiceAt = r.position();
            int choice = r.u8();
            int classId = r.u16();
            r.require(6);
            ObisCode obis = ObisCode.fromBytes(r.array(), r.position());
            r.skip(6);
            CosemAttribute target = new CosemAttribute(classId, obis, r.u8());
            switch (choice) {
                case AccessRequestSpecification.GET:
                    out.add(new AccessRequestSpecification.Get(target));
                    break;
                case AccessRequestSpecification.SET:
                    out.add(new AccessRequestSpecification.Set(target));
                    break;
                case AccessRequestSpecification.ACTION:
                    out.add(new AccessRequestSpecification.Action(target));
                    break;
                case AccessRequestSpecification.GET_WITH_SELECTION:
                    out.add(new AccessRequestSpecification.GetWithSelection(target, r.u8(), DataCodec.decode(r)));
                    break;
                case AccessRequestSpecification.SET_WITH_SELECTION:
                    out.add(new AccessRequestSpecification.SetWithSelection(target, r.u8(), DataCodec.decode(r)));
                    break;
                default:
                    throw new GbcsDecodeException(Reason.UNKNOWN_APDU, choiceAt,
                            "access-request-specification choice " + choice);
            }
        }
        return out;
    }

    private static List<Data> dataList(ByteReader r) throws GbcsDecodeException {
        int at = r.position();
        int count = r.berLength();
        if (count > r.remaining()) {
            throw new GbcsDecodeException(Reason.BAD_QUANTITY, at, count + " data items do not fit");
        }
        List<Data> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(DataCodec.decode(r));
        }
        return out;
    }

    public static byte[] encode(XdlmsApdu apdu) {
        ByteWriter w = new ByteWriter(128);
        if (apdu instanceof XdlmsApdu.AccessRequest a) {
            w.u8(XdlmsApdu.ACCESS_REQUEST).u32(a.invokeIdAndPriority()).lengthPrefixed(a.dateTime());
            writeSpecifications(w, a.specifications());
            w.berLength(a.data().size());
            for (Data d : a.data()) {
                DataCodec.encode(w, d);
            }
        } else if (apdu instanceof XdlmsApdu.AccessResponse a) {
            w.u8(XdlmsApdu.ACCESS_RESPONSE).u32(a.invokeIdAndPriority()).lengthPrefixed(a.dateTime());
            if (a.requestSpecifications() == null) {
                w.u8(0);
            } else {
                w.u8(1);
                writeSpecifications(w, a.requestSpecifications());
            }
            w.berLength(a.data().size());
            for (Data d : a.data()) {
                DataCodec.encode(w, d);
            }
            w.berLength(a.results().size());
            for (XdlmsApdu.AccessResponseSpecification s : a.results()) {
                w.u8(s.choice()).u8(s.result());
            }
        } else {
            XdlmsApdu.DataNotification n = (XdlmsApdu.DataNotification) apdu;
            w.u8(XdlmsApdu.DATA_NOTIFICATION).u32(n.invokeIdAndPriority()).lengthPrefixed(n.dateTime());
            DataCodec.encode(w, n.body());
        }
        return w.toByteArray();
    }

    private static void writeSpecifications(ByteWriter w, List<AccessRequestSpecification> specs) {
        w.berLength(specs.size());
        for (AccessRequestSpecification s : specs) {
            CosemAttribute t = s.target();
            w.u8(s.choice()).u16(t.classId()).bytes(t.obis().toBytes()).u8(t.id());
            if (s instanceof AccessRequestSpecification.GetWithSelection g) {
                w.u8(g.selector());
                DataCodec.encode(w, g.parameters());
            } else if (s instanceof AccessRequestSpecification.SetWithSelection g) {
                w.u8(g.selector());
                DataCodec.encode(w, g.parameters());
            }
        }
    }
}
