package org.dccsim.device.cosem;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;
import org.dccsim.gbcs.usecase.ChfDeviceLog;

/**
 * The Communications Hub Function's device log (CHTS 4.5.1; ZigBee network control, class 104, 0-0:30.3.0.255):
 * the HAN whitelist a hub forwards Remote Party messages through, and its historic log of removed devices.
 *
 * <p>Methods: register_device (CCS01), unregister_device (CCS02), the log backup read (method 4, CCS07) and
 * restore_PAN (CCS03); attributes enable_disable_joining (2), join_timeout (3) and active_devices (4, CCS05/CCS04).
 * A simulated device joins as soon as it is registered with its own install code (a wrong code never joins); the TC
 * link key is derived from the install code, a stand-in for ZigBee's install-code hash (docs/device-sim.md), and
 * active_devices lists the joined devices. Log changes take effect only when the whole command succeeds (GBCS
 * break-on-error): a register followed by a failed item leaves the log as it was.
 *
 * <p>The log and the historic log are kept as two private attribute values, so a device's saved state carries them
 * like any other attribute it wrote.
 */
public final class ChfDeviceLogObject extends AttributeStore {
    /** The CHF historic device log (CHTS 4.5.1.10), read through the same backup method as the log (CCS07). */
    public static final ObisCode HISTORIC_OBIS = ChfDeviceLog.HISTORIC_OBIS;
    /** Private attribute holding the log: array of structure {EUI, device type, TC link key}. */
    private static final int LOG = 128;
    /** Private attribute holding the historic log: array of structure {EUI, TC link key}, oldest first. */
    private static final int HISTORIC = 129;
    /** GBCS CCS02: at most 15 entries in the historic log; the oldest is overwritten. */
    public static final int HISTORIC_CAPACITY = 15;
    /** The log method that backs the log up (CCS07 invokes it on both logs). */
    public static final int METHOD_BACKUP = 4;
    /** The device type of a restored entry, which CCS03 does not carry. */
    private static final int TYPE_UNKNOWN = 255;

    /** One device in the log. */
    public record Entry(Eui64 device, int deviceType, byte[] linkKey) {
        public Entry {
            linkKey = linkKey.clone();
        }

        @Override
        public byte[] linkKey() {
            return linkKey.clone();
        }
    }

    public ChfDeviceLogObject() {
        super(ChfDeviceLog.CLASS_ZIGBEE_NETWORK_CONTROL, ChfDeviceLog.OBIS);
        with(2, new Data.Bool(false));
        with(3, new Data.LongUnsigned(0));
        with(LOG, new Data.Array(List.of()));
        with(HISTORIC, new Data.Array(List.of()));
    }

    @Override
    protected AttributeStore newInstance() {
        return new ChfDeviceLogObject();
    }

    @Override
    public boolean methodsWrite() {
        return true;
    }

    /** A log holding {@code devices} from the start (an installed site), each with the install code it was made with. */
    public ChfDeviceLogObject withDevices(List<Eui64> devices, List<ChfDeviceLog.HanDeviceType> types) {
        List<Entry> log = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            log.add(new Entry(devices.get(i), types.get(i).code(), linkKey(defaultInstallCode(devices.get(i)), devices.get(i))));
        }
        writeLog(log);
        return this;
    }

    /** The devices in the log, in the order they were added. */
    public synchronized List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (Data d : ((Data.Array) value(LOG)).elements()) {
            Data.Structure s = (Data.Structure) d;
            out.add(new Entry(Eui64.fromBytes(bytes(s.get(0)), 0), ((Data.Enumerated) s.get(1)).value(), bytes(s.get(2))));
        }
        return out;
    }

    /** The removed devices kept in the historic log, oldest first. */
    public synchronized List<Entry> historic() {
        List<Entry> out = new ArrayList<>();
        for (Data d : ((Data.Array) value(HISTORIC)).elements()) {
            Data.Structure s = (Data.Structure) d;
            out.add(new Entry(Eui64.fromBytes(bytes(s.get(0)), 0), TYPE_UNKNOWN, bytes(s.get(1))));
        }
        return out;
    }

    /** Whether {@code device} is in the log. */
    public boolean lists(Eui64 device) {
        return find(entries(), device).isPresent();
    }

    /**
     * Whether {@code device} has joined the hub's HAN, so the hub forwards to it: it is in the log with the link key
     * its install code gives. Every simulated device carries the install code {@link #defaultInstallCode} gives it; a
     * log entry made with another code (a mistyped install code in 8.11) never joins, as on a real HAN.
     */
    public boolean joined(Eui64 device) {
        return find(entries(), device).filter(e -> Arrays.equals(e.linkKey, linkKey(defaultInstallCode(device), device)))
                .isPresent();
    }

    @Override
    public synchronized AccessResult get(int attribute, Invocation inv) {
        if (attribute == 4) {
            List<Data> active = new ArrayList<>();
            for (Entry e : entries()) {
                if (joined(e.device())) {
                    active.add(activeDevice(e, inv));
                }
            }
            return AccessResult.ok(new Data.Array(active));
        }
        return attribute == 2 || attribute == 3 ? super.get(attribute, inv) : AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE);
    }

    @Override
    public synchronized AccessResult set(int attribute, Data value, Invocation inv) {
        return attribute == 2 || attribute == 3 ? super.set(attribute, value, inv) : AccessResult.fail(DataAccessResult.READ_WRITE_DENIED);
    }

    @Override
    public synchronized AccessResult action(int method, Data parameter, Invocation inv) {
        switch (method) {
            case 1:
                return register(parameter, inv);
            case 2:
                return unregister(parameter, inv);
            case METHOD_BACKUP:
                return AccessResult.ok(backup(entries(), inv));
            case 5:
                return restore(parameter, inv);
            default:
                return AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE);
        }
    }

    /** The historic log's backup, for the 0-0:30.3.1.255 object (CCS07's second item). */
    public synchronized Data historicBackup(Invocation inv) {
        return backup(historic(), inv);
    }

    /** register_device (CCS01): {ieee_address, key_type, key, device_type}. */
    private AccessResult register(Data parameter, Invocation inv) {
        if (!(parameter instanceof Data.Structure s) || s.size() != 4 || !(s.get(0) instanceof Data.OctetString eui)
                || eui.length() != 8 || !(s.get(1) instanceof Data.Enumerated keyType) || !(s.get(2) instanceof Data.OctetString key)
                || !(s.get(3) instanceof Data.Enumerated type)) {
            return AccessResult.fail(DataAccessResult.TYPE_UNMATCHED);
        }
        if (keyType.value() != ChfDeviceLog.KEY_TYPE_INSTALL_CODE || key.length() < 6 || key.length() > 16) {
            return AccessResult.fail(DataAccessResult.TYPE_UNMATCHED);
        }
        try {
            ChfDeviceLog.HanDeviceType.of(type.value());
        } catch (IllegalArgumentException e) {
            return AccessResult.fail(DataAccessResult.TYPE_UNMATCHED);
        }
        Eui64 device = Eui64.fromBytes(bytes(eui), 0);
        List<Entry> log = entries();
        if (find(log, device).isPresent()) {
            // GBCS CCS01: a device already in the log keeps its link key; the key parameter is discarded, success.
            return AccessResult.OK;
        }
        if (log.size() >= ChfDeviceLog.CAPACITY) {
            // GBCS gives a log of at most 16 devices and no result code for a full one: a temporary failure, since
            // removing a device (CCS02) makes room.
            return AccessResult.fail(DataAccessResult.TEMPORARY_FAILURE);
        }
        byte[] installCode = bytes(key);
        inv.onSuccess(() -> {
            synchronized (this) {
                List<Entry> now = entries();
                if (find(now, device).isEmpty()) {
                    now.add(new Entry(device, type.value(), linkKey(installCode, device)));
                    writeLog(now);
                    whitelistChanged(now, inv);
                }
            }
        });
        return AccessResult.OK;
    }

    /** unregister_device (CCS02): the EUI; the entry moves to the historic log (GBCS CCS02, 15 entries at most). */
    private AccessResult unregister(Data parameter, Invocation inv) {
        if (!(parameter instanceof Data.OctetString eui) || eui.length() != 8) {
            return AccessResult.fail(DataAccessResult.TYPE_UNMATCHED);
        }
        Eui64 device = Eui64.fromBytes(bytes(eui), 0);
        if (find(entries(), device).isEmpty()) {
            // Nothing to remove: GBCS names no result; object-unavailable tells the DCC user the log did not list it.
            return AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE);
        }
        inv.onSuccess(() -> {
            synchronized (this) {
                List<Entry> now = entries();
                Optional<Entry> gone = find(now, device);
                if (gone.isEmpty()) {
                    return;
                }
                now.remove(gone.get());
                writeLog(now);
                whitelistChanged(now, inv);
                List<Entry> old = historic();
                old.removeIf(e -> e.device().equals(device));
                if (old.size() >= HISTORIC_CAPACITY) {
                    old.remove(0);
                }
                old.add(gone.get());
                List<Data> h = new ArrayList<>();
                for (Entry e : old) {
                    h.add(Data.structure(Data.octets(e.device().toBytes()), Data.octets(e.linkKey)));
                }
                with(HISTORIC, new Data.Array(h));
            }
        });
        return AccessResult.OK;
    }

    /** restore_PAN (CCS03): {extended_PAN_ID, devices_to_restore[1..16] {MAC_address, link key}}: the log becomes these. */
    private AccessResult restore(Data parameter, Invocation inv) {
        if (!(parameter instanceof Data.Structure s) || s.size() != 2 || !(s.get(0) instanceof Data.OctetString pan)
                || pan.length() != 8 || !(s.get(1) instanceof Data.Array devices) || devices.elements().isEmpty()
                || devices.elements().size() > ChfDeviceLog.CAPACITY) {
            return AccessResult.fail(DataAccessResult.TYPE_UNMATCHED);
        }
        List<Entry> restored = new ArrayList<>();
        for (Data d : devices.elements()) {
            if (!(d instanceof Data.Structure e) || e.size() != 2 || !(e.get(0) instanceof Data.OctetString eui)
                    || eui.length() != 8 || !(e.get(1) instanceof Data.OctetString key) || key.length() != 16) {
                return AccessResult.fail(DataAccessResult.TYPE_UNMATCHED);
            }
            restored.add(new Entry(Eui64.fromBytes(bytes(eui), 0), TYPE_UNKNOWN, bytes(key)));
        }
        inv.onSuccess(() -> {
            writeLog(restored);
            whitelistChanged(restored, inv);
        });
        return AccessResult.OK;
    }

    /**
     * CS14: the hub tells the DCC (the command's originator, the ACB) its whitelist changed, with the log as CCS07
     * would back it up, so the DCC's backup for 8.12.1 stays current.
     */
    private static void whitelistChanged(List<Entry> log, Invocation inv) {
        List<ChfDeviceLog.RestoredDevice> devices = new ArrayList<>(log.size());
        for (Entry e : log) {
            devices.add(new ChfDeviceLog.RestoredDevice(e.device(), e.linkKey));
        }
        CosemDateTime now = CosemDateTime.ofInstant(inv.now());
        inv.raise(new org.dccsim.gbcs.usecase.DeviceAlert.HanWhitelistChanged(now, now, Eui64.fromBytes(panId(inv), 0),
                devices));
    }

    private synchronized void writeLog(List<Entry> log) {
        List<Data> out = new ArrayList<>(log.size());
        for (Entry e : log) {
            out.add(Data.structure(Data.octets(e.device().toBytes()), new Data.Enumerated(e.deviceType()), Data.octets(e.linkKey)));
        }
        with(LOG, new Data.Array(out));
    }

    /** CCS07's answer for one log: {backup date-time, extended PAN id, devices {EUI, TC link key}}. */
    private static Data backup(List<Entry> log, Invocation inv) {
        List<Data> devices = new ArrayList<>();
        for (Entry e : log) {
            devices.add(Data.structure(Data.octets(e.device().toBytes()), Data.octets(e.linkKey)));
        }
        return Data.structure(Data.octets(CosemDateTime.ofInstant(inv.now()).toBytes()), Data.octets(panId(inv)),
                new Data.Array(devices));
    }

    /**
     * One active_devices entry (CCS06's field list: MAC address, status, max/average/min RSSI, max/average/min LQI,
     * last communication, hops, transmission failures and successes, application and stack versions). A simulated HAN
     * has a steady good link: fixed radio figures, the last communication now.
     */
    private static Data activeDevice(Entry e, Invocation inv) {
        return Data.structure(Data.octets(e.device().toBytes()), new Data.BitString(8, new byte[] {(byte) 0xC8}),
                new Data.Integer8(-40), new Data.Integer8(-55), new Data.Integer8(-70),
                new Data.Unsigned8(255), new Data.Unsigned8(200), new Data.Unsigned8(150),
                Data.octets(CosemDateTime.ofInstant(inv.now()).toBytes()), new Data.Unsigned8(1), new Data.Unsigned8(0),
                new Data.Unsigned8(100), new Data.Unsigned8(1), new Data.Unsigned8(1));
    }

    /** The hub's extended PAN id: its own EUI, the command's recipient (each simulated hub forms its own HAN). */
    private static byte[] panId(Invocation inv) {
        return inv.command().recipient().toBytes();
    }

    /** The install code a pre-installed fleet's devices were registered with: derived from the EUI. */
    public static byte[] defaultInstallCode(Eui64 device) {
        return Arrays.copyOf(sha256(("dccsim-install-code/" + device).getBytes(StandardCharsets.US_ASCII)), 16);
    }

    /** The TC link key the device and hub agree when it joins: a stand-in for ZigBee's install-code hash. */
    static byte[] linkKey(byte[] installCode, Eui64 device) {
        byte[] in = Arrays.copyOf(installCode, installCode.length + 8);
        System.arraycopy(device.toBytes(), 0, in, installCode.length, 8);
        return Arrays.copyOf(sha256(in), 16);
    }

    private static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }

    private static Optional<Entry> find(List<Entry> log, Eui64 device) {
        return log.stream().filter(e -> e.device().equals(device)).findFirst();
    }

    private static byte[] bytes(Data d) {
        return ((Data.OctetString) d).value();
    }
}
