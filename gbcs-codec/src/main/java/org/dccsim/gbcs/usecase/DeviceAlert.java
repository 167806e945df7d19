package org.dccsim.gbcs.usecase;

import java.util.ArrayList;
import java.util.List;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;

/**
 * DLMS alerts a device raises, as the body of a data-notification: {@code structure{ alert code, timestamp,
 * alert-specific fields }} (GBCS 7.2; RTDS-verified layouts). The message code of the carrying frame names
 * the alert family.
 */
public sealed interface DeviceAlert {

    int alertCode();

    /** The message code of the General-Signing frame that carries this alert. */
    int messageCode();

    CosemDateTime timestamp();

    /** The data-notification body. */
    Data body();

    /** Critical alerts are signed by the device; the others carry its MAC. */
    default boolean critical() {
        return true;
    }

    /** ECS101, alert 0x8F86: a Limit APC [n] Level command was processed. */
    record ApcLimitProcessed(CosemDateTime timestamp, AuxiliaryController controller, CosemDateTime limitStart,
            CosemDateTime limitEnd, int resultingLevel) implements DeviceAlert {
        public static final int CODE = 0x8F86;

        public int alertCode() {
            return CODE;
        }

        public int messageCode() {
            return 0x0121;
        }

        public Data body() {
            return Data.structure(new Data.LongUnsigned(CODE), Data.octets(timestamp.toBytes()),
                    new Data.Unsigned8(controller.code()), Data.octets(limitStart.toBytes()), Data.octets(limitEnd.toBytes()),
                    new Data.Unsigned8(resultingLevel));
        }
    }

    /** ECS102, alert 0x8F87: an APC limit ended or was cancelled; the level it returned to. */
    record ApcLimitEnded(CosemDateTime timestamp, AuxiliaryController controller, int resultingLevel)
            implements DeviceAlert {
        public static final int CODE = 0x8F87;

        public int alertCode() {
            return CODE;
        }

        public int messageCode() {
            return 0x0122;
        }

        public Data body() {
            return Data.structure(new Data.LongUnsigned(CODE), Data.octets(timestamp.toBytes()),
                    new Data.Unsigned8(controller.code()), new Data.Unsigned8(resultingLevel));
        }
    }

    /** ECS100, alert 0x8F85: a command the device does not support, named by message code and counter. */
    record CommandNotSupported(CosemDateTime timestamp, int rejectedMessageCode, long rejectedCounter)
            implements DeviceAlert {
        public static final int CODE = 0x8F85;

        public int alertCode() {
            return CODE;
        }

        public int messageCode() {
            return 0x0120;
        }

        public Data body() {
            byte[] detail = new byte[10];
            detail[0] = (byte) (rejectedMessageCode >>> 8);
            detail[1] = (byte) rejectedMessageCode;
            for (int i = 0; i < 8; i++) {
                detail[2 + i] = (byte) (rejectedCounter >>> (56 - 8 * i));
            }
            return Data.structure(new Data.LongUnsigned(CODE), Data.octets(timestamp.toBytes()), Data.octets(detail));
        }
    }

    /**
     * Future Dated Execution Of Instruction Alert (DLMS), message code 0x00CC: 0x8F66 success or 0x8F67
     * failure, naming the original command (message code, counter) and the item that was activated.
     */
    record FutureDatedExecution(boolean success, CosemDateTime timestamp, int originalMessageCode, long originalCounter,
            CosemAttribute item) implements DeviceAlert {
        public static final int SUCCESS = 0x8F66;
        public static final int FAILURE = 0x8F67;

        public int alertCode() {
            return success ? SUCCESS : FAILURE;
        }

        public int messageCode() {
            return 0x00CC;
        }

        public Data body() {
            byte[] d = new byte[19];
            d[0] = (byte) (originalMessageCode >>> 8);
            d[1] = (byte) originalMessageCode;
            for (int i = 0; i < 8; i++) {
                d[2 + i] = (byte) (originalCounter >>> (56 - 8 * i));
            }
            d[10] = (byte) (item.classId() >>> 8);
            d[11] = (byte) item.classId();
            System.arraycopy(item.obis().toBytes(), 0, d, 12, 6);
            d[18] = (byte) item.id();
            return Data.structure(new Data.LongUnsigned(alertCode()), Data.octets(timestamp.toBytes()), Data.octets(d));
        }
    }

    /**
     * CS14, alert 0x8F12 (message code 0x0018): a communications hub's HAN whitelist changed, a device added to or
     * removed from its device log (or the log restored). It carries the log as CCS07 backs it up: when, the extended PAN
     * id, and each device's EUI and TC link key, so the DCC keeps its backup current for 8.12.1. Not critical: the hub
     * MACs it for the ACB, as the RTDS's alert is.
     */
    record HanWhitelistChanged(CosemDateTime timestamp, CosemDateTime loggedAt, Eui64 extendedPanId,
            List<ChfDeviceLog.RestoredDevice> devices) implements DeviceAlert {
        public static final int CODE = 0x8F12;
        public static final int MESSAGE_CODE = 0x0018;

        public HanWhitelistChanged {
            devices = List.copyOf(devices);
        }

        public int alertCode() {
            return CODE;
        }

        public int messageCode() {
            return MESSAGE_CODE;
        }

        @Override
        public boolean critical() {
            return false;
        }

        public Data body() {
            List<Data> entries = new ArrayList<>(devices.size());
            for (ChfDeviceLog.RestoredDevice d : devices) {
                entries.add(Data.structure(Data.octets(d.device().toBytes()), Data.octets(d.linkKey())));
            }
            return Data.structure(new Data.LongUnsigned(CODE), Data.octets(timestamp.toBytes()), Data.structure(
                    Data.octets(loggedAt.toBytes()), Data.octets(extendedPanId.toBytes()), new Data.Array(entries)));
        }

        /** The log as the DCC's backup of it; empty when the hub's log is empty (nothing to restore). */
        public java.util.Optional<ChfDeviceLog.Restore> backup() {
            return devices.isEmpty() || devices.size() > ChfDeviceLog.CAPACITY ? java.util.Optional.empty()
                    : java.util.Optional.of(new ChfDeviceLog.Restore(extendedPanId, devices));
        }
    }

    /** Any other DLMS alert, kept as received. */
    record Other(int messageCode, int alertCode, CosemDateTime timestamp, Data body) implements DeviceAlert {
    }

    /** Reads an alert body carried under {@code messageCode}; unknown layouts come back as {@link Other}. */
    static DeviceAlert parse(int messageCode, Data body) {
        if (!(body instanceof Data.Structure s) || s.size() < 2 || !(s.get(0) instanceof Data.LongUnsigned code)
                || !(s.get(1) instanceof Data.OctetString tsOctets) || tsOctets.length() != CosemDateTime.LENGTH) {
            return new Other(messageCode, -1, null, body);
        }
        CosemDateTime ts = dateTime(tsOctets);
        List<Data> rest = new ArrayList<>(s.elements().subList(2, s.size()));
        try {
            switch (code.value()) {
                case ApcLimitProcessed.CODE:
                    if (rest.size() == 4) {
                        AuxiliaryController c = AuxiliaryController.ofCode(((Data.Unsigned8) rest.get(0)).value());
                        if (c != null) {
                            return new ApcLimitProcessed(ts, c, dateTime((Data.OctetString) rest.get(1)),
                                    dateTime((Data.OctetString) rest.get(2)), ((Data.Unsigned8) rest.get(3)).value());
                        }
                    }
                    break;
                case ApcLimitEnded.CODE:
                    if (rest.size() == 2) {
                        AuxiliaryController c = AuxiliaryController.ofCode(((Data.Unsigned8) rest.get(0)).value());
                        if (c != null) {
                            return new ApcLimitEnded(ts, c, ((Data.Unsigned8) rest.get(1)).value());
                        }
                    }
                    break;
                case CommandNotSupported.CODE:
                    if (rest.size() == 1 && ((Data.OctetString) rest.get(0)).length() == 10) {
                        byte[] d = ((Data.OctetString) rest.get(0)).value();
                        return new CommandNotSupported(ts, ((d[0] & 0xFF) << 8) | (d[1] & 0xFF), readLong(d, 2));
                    }
                    break;
                case FutureDatedExecution.SUCCESS:
                case FutureDatedExecution.FAILURE:
                    if (rest.size() == 1 && ((Data.OctetString) rest.get(0)).length() == 19) {
                        byte[] d = ((Data.OctetString) rest.get(0)).value();
                        CosemAttribute item = new CosemAttribute(((d[10] & 0xFF) << 8) | (d[11] & 0xFF),
                                ObisCode.fromBytes(d, 12), d[18] & 0xFF);
                        return new FutureDatedExecution(code.value() == FutureDatedExecution.SUCCESS, ts,
                                ((d[0] & 0xFF) << 8) | (d[1] & 0xFF), readLong(d, 2), item);
                    }
                    break;
                case HanWhitelistChanged.CODE:
                    if (rest.size() == 1 && rest.get(0) instanceof Data.Structure log && log.size() == 3) {
                        byte[] pan = ((Data.OctetString) log.get(1)).value();
                        List<Data> entries = ((Data.Array) log.get(2)).elements();
                        if (pan.length == 8 && entries.size() <= ChfDeviceLog.CAPACITY) {
                            List<ChfDeviceLog.RestoredDevice> devices = new ArrayList<>(entries.size());
                            for (Data e : entries) {
                                if (!(e instanceof Data.Structure d) || d.size() != 2 || !(d.get(0) instanceof Data.OctetString eui)
                                        || !(d.get(1) instanceof Data.OctetString key) || eui.length() != 8 || key.length() != 16) {
                                    throw new ClassCastException("not an EUI-64 and a 16-byte link key");
                                }
                                devices.add(new ChfDeviceLog.RestoredDevice(Eui64.fromBytes(eui.value(), 0), key.value()));
                            }
                            return new HanWhitelistChanged(ts, dateTime((Data.OctetString) log.get(0)), Eui64.fromBytes(pan, 0),
                                    devices);
                        }
                    }
                    break;
                default:
                    break;
            }
        } catch (ClassCastException | IndexOutOfBoundsException | IllegalArgumentException e) {
            // a field of an unexpected type or a structure too short (a hostile device's alert): fall through to Other
        }
        return new Other(messageCode, code.value(), ts, body);
    }

    private static CosemDateTime dateTime(Data.OctetString s) {
        try {
            return CosemDateTime.of(s.value());
        } catch (org.dccsim.gbcs.GbcsDecodeException e) {
            throw new ClassCastException("not a date-time");
        }
    }

    private static long readLong(byte[] d, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (d[off + i] & 0xFF);
        }
        return v;
    }
}
