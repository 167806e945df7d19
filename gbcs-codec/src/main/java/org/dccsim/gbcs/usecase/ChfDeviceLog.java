package org.dccsim.gbcs.usecase;

import java.util.ArrayList;
import java.util.List;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;

/**
 * The Communications Hub Function's device log (CHTS 4.5.1, GBCS use cases CCS01-CCS05): the HAN "whitelist"
 * of the devices the hub lets onto its HAN and forwards Remote Party messages to. One COSEM object, ZigBee network
 * control (class 104) at 0-0:30.3.0.255; the ACB alone may change it (GBCS use-case tables, CCS01-CCS03).
 */
public final class ChfDeviceLog {
    public static final int CLASS_ZIGBEE_NETWORK_CONTROL = 104;
    public static final ObisCode OBIS = ObisCode.parse("0-0:30.3.0.255");
    /** The CHF historic device log (CHTS 4.5.1.10): devices removed from the log, with the link keys they had. */
    public static final ObisCode HISTORIC_OBIS = ObisCode.parse("0-0:30.3.1.255");
    /** enable_disable_joining: true opens the HAN for joining for join_timeout seconds. */
    public static final CosemAttribute JOINING_ENABLED = new CosemAttribute(CLASS_ZIGBEE_NETWORK_CONTROL, OBIS, 2);
    /** join_timeout, seconds (long-unsigned). */
    public static final CosemAttribute JOIN_TIMEOUT = new CosemAttribute(CLASS_ZIGBEE_NETWORK_CONTROL, OBIS, 3);
    /** active_devices: one 14-field structure per device in the log (the CCS05/CCS04 read). */
    public static final CosemAttribute ACTIVE_DEVICES = new CosemAttribute(CLASS_ZIGBEE_NETWORK_CONTROL, OBIS, 4);
    /** register_device (CCS01). */
    public static final CosemAttribute REGISTER_DEVICE = new CosemAttribute(CLASS_ZIGBEE_NETWORK_CONTROL, OBIS, 1);
    /** unregister_device (CCS02). */
    public static final CosemAttribute UNREGISTER_DEVICE = new CosemAttribute(CLASS_ZIGBEE_NETWORK_CONTROL, OBIS, 2);
    /** restore_PAN (CCS03). */
    public static final CosemAttribute RESTORE_PAN = new CosemAttribute(CLASS_ZIGBEE_NETWORK_CONTROL, OBIS, 5);
    /** A CHF device log holds at most 16 devices (CCS03's devices_to_restore[1..16]). */
    public static final int CAPACITY = 16;
    /** register_device's key_type: the key is a ZigBee install code (the only value CCS01 allows). */
    public static final int KEY_TYPE_INSTALL_CODE = 1;

    private ChfDeviceLog() {
    }

    /** register_device's device_type (CCS01): the SMETS device types a hub's log may hold. */
    public enum HanDeviceType {
        ESME(0), GSME(1), HCALCS(13), IHD(128), CAD(130), PPMID(132);

        private final int code;

        HanDeviceType(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        public static HanDeviceType of(int code) {
            for (HanDeviceType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new IllegalArgumentException("no HAN device type " + code + " (GBCS CCS01: 0, 1, 13, 128, 130, 132)");
        }
    }

    /**
     * CCS01 Add Device to CHF device log (SRV 8.11 Add): register the device with its install code, and open the
     * HAN for joining for {@code joinTimeoutSeconds}.
     */
    public record AddDevice(Eui64 device, HanDeviceType deviceType, byte[] installCode, int joinTimeoutSeconds)
            implements UseCaseCommand {
        public AddDevice {
            if (installCode.length < 6 || installCode.length > 16) {
                // GBCS CCS01 types the key octet-string(16); DUIS 8.11 allows the shorter ZigBee install codes (6 to
                // 16 octets), which go out as given.
                throw new IllegalArgumentException("an install code is 6 to 16 octets (DUIS 8.11): " + installCode.length);
            }
            if (joinTimeoutSeconds < 0 || joinTimeoutSeconds > 0xFFFF) {
                throw new IllegalArgumentException("join timeout is 0 to 65535 seconds: " + joinTimeoutSeconds);
            }
            installCode = installCode.clone();
        }

        @Override
        public byte[] installCode() {
            return installCode.clone();
        }

        @Override
        public String useCaseId() {
            return "CCS01";
        }

        @Override
        public DlmsItems items(CommandContext context) {
            // Field order as GBCS's CCS01 table gives it (GBCS 19.2.1): ieee_address, key_type, key, device_type.
            return DlmsItems.builder()
                    .action(REGISTER_DEVICE, new Data.Structure(List.of(Data.octets(device.toBytes()),
                            new Data.Enumerated(KEY_TYPE_INSTALL_CODE), Data.octets(installCode),
                            new Data.Enumerated(deviceType.code()))))
                    .set(JOIN_TIMEOUT, new Data.LongUnsigned(joinTimeoutSeconds))
                    .set(JOINING_ENABLED, new Data.Bool(true))
                    .build();
        }
    }

    /** CCS02 Remove device from CHF device log (SRV 8.11 Remove). */
    public record RemoveDevice(Eui64 device) implements UseCaseCommand {
        @Override
        public String useCaseId() {
            return "CCS02";
        }

        @Override
        public DlmsItems items(CommandContext context) {
            return DlmsItems.builder().action(UNREGISTER_DEVICE, Data.octets(device.toBytes())).build();
        }
    }

    /** One device of a restored log: its EUI and the TC link key the hub held for it. */
    public record RestoredDevice(Eui64 device, byte[] linkKey) {
        public RestoredDevice {
            linkKey = linkKey.clone();
        }

        @Override
        public byte[] linkKey() {
            return linkKey.clone();
        }
    }

    /**
     * CCS03 Restore CHF Device Log (SRV 8.12.1): the log of the hub this one replaces, and the HAN it formed,
     * so the devices rejoin a replacement hub without being installed again.
     */
    public record Restore(Eui64 extendedPanId, List<RestoredDevice> devices) implements UseCaseCommand {
        public Restore {
            devices = List.copyOf(devices);
            if (devices.isEmpty() || devices.size() > CAPACITY) {
                throw new IllegalArgumentException("a restored log holds 1 to " + CAPACITY + " devices: " + devices.size());
            }
        }

        @Override
        public String useCaseId() {
            return "CCS03";
        }

        @Override
        public DlmsItems items(CommandContext context) {
            List<Data> entries = new ArrayList<>(devices.size());
            for (RestoredDevice d : devices) {
                entries.add(new Data.Structure(List.of(Data.octets(d.device().toBytes()), Data.octets(d.linkKey))));
            }
            return DlmsItems.builder()
                    .action(RESTORE_PAN, new Data.Structure(List.of(Data.octets(extendedPanId.toBytes()), new Data.Array(entries))))
                    .build();
        }
    }

    /**
     * CCS07 Read CHF Device Logs (SRV 8.9 with ReadSecurityDetails): the backup of the device log and of the historic
     * log, each {date-time, extended PAN id, devices {EUI, TC link key}}.
     */
    public record ReadLogs() implements UseCaseCommand {
        @Override
        public String useCaseId() {
            return "CCS07";
        }

        @Override
        public DlmsItems items(CommandContext context) {
            return DlmsItems.builder()
                    .action(new CosemAttribute(CLASS_ZIGBEE_NETWORK_CONTROL, OBIS, 4), Data.NULL)
                    .action(new CosemAttribute(CLASS_ZIGBEE_NETWORK_CONTROL, HISTORIC_OBIS, 4), Data.NULL)
                    .build();
        }
    }

    /** CCS05/CCS04 Read CHF device log (SRV 8.9 on a hub): the active devices with their HAN statistics. */
    public record Read() implements UseCaseCommand {
        @Override
        public String useCaseId() {
            return "CCS05CCS04";
        }

        @Override
        public DlmsItems items(CommandContext context) {
            return DlmsItems.builder().get(ACTIVE_DEVICES).build();
        }
    }
}
