package org.dccsim.device;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.dccsim.device.cosem.AccessResult;
import org.dccsim.device.cosem.AttributeStore;
import org.dccsim.device.cosem.ChfDeviceLogObject;
import org.dccsim.device.cosem.ClockObject;
import org.dccsim.device.cosem.CosemObject;
import org.dccsim.device.cosem.DataAccessResult;
import org.dccsim.device.cosem.Invocation;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;
import org.dccsim.gbcs.usecase.ChfDeviceLog;
import org.dccsim.gbcs.usecase.GbcsObjects;
import org.dccsim.gbcs.usecase.UseCase;
import org.dccsim.gbcs.usecase.UseCaseRegistry;

/** The built-in device profiles, made once per type on first use. */
public final class DeviceProfiles {
    private static final Map<DeviceType, DeviceProfile> PROFILES = new EnumMap<>(DeviceType.class);

    private DeviceProfiles() {
    }

    public static synchronized DeviceProfile of(DeviceType type) {
        return PROFILES.computeIfAbsent(type, DeviceProfiles::build);
    }

    private static DeviceProfile build(DeviceType type) {
        switch (type) {
            case ESME:
                // Besides its ECS use cases an ESME answers the ACB's credential details requests (CS02a, CS02f) and takes
                // the Load Controller's credentials from its supplier (CS02g, as the RTDS's ESME CS02g successes).
                // and, as the meter of a method A join, CS03A1, CS04AC and CS07 (GBCS 13.7); and the supplier's
                // firmware activation (CS06); and its own credentials (CS02c-CS02e).
                return new DeviceProfile(type, codes(id -> id.startsWith("ECS") || id.equals("CS02a") || id.equals("CS02f")
                        || id.equals("CS02g") || id.equals("CS06") || ESME_JOINS.contains(id) || OWN_CREDENTIALS.contains(id)),
                        MeterObjects.of(type));
            case SAPC:
                return new DeviceProfile(type, codes(UseCaseRegistry.SAPC_USE_CASES::contains), MeterObjects.of(type));
            case CHF:
                // The hub's DLMS use cases (CCS01-CCS07; CCS08 is an alert it sends, not a command it takes), and a
                // dual band hub's sub-GHz commands (DBCH01-DBCH05; DBCH06 onwards are its alerts): every simulated
                // hub is dual band.
                // Like every device, it tells a remote party which credentials it holds (CS02a, CS02f) and lets a
                // party replace its own cell (CS02b: the hub's are the ACB's and the WAN provider's, RTDS).
                return new DeviceProfile(type, codes(id -> id.startsWith("CCS") && !id.equals("CCS08") || SUB_GHZ.contains(id)
                        || HUB_READS.contains(id) || HUB_CREDENTIALS.contains(id)), chfObjects());
            default:
                throw new IllegalArgumentException("no profile for " + type);
        }
    }

    private static final Set<String> ESME_JOINS = Set.of("CS03A1", "CS04AC", "CS07");
    /**
     * A device's own credentials (GBCS 13.4-13.6) and its remote parties' own updates of their cells (CS02b): every
     * smart metering device takes them, ESMEs and SAPCs alike.
     */
    private static final Set<String> OWN_CREDENTIALS = Set.of("CS02b", "CS02c", "CS02d", "CS02e");
    private static final Set<String> SUB_GHZ = Set.of("DBCH01", "DBCH02", "DBCH03", "DBCH04", "DBCH05");
    /**
     * The hub's own reads of 6.13 and 6.2.4: its event and security logs (ECS35c, ECS35d), its identity (ECS26n, and
     * GBCS's earlier ECS26i, which asks for its EUI too: the head-end sends ECS26n, a DCC message may be either).
     */
    private static final Set<String> HUB_READS = Set.of("ECS35c", "ECS35d", "ECS26n", "ECS26i");
    private static final Set<String> HUB_CREDENTIALS = Set.of("CS02a", "CS02b", "CS02f");
    private static final Set<String> HUB_LOGS = Set.of("0-0:99.98.0.255", "0-0:99.98.1.255");

    /** The message codes of the use cases {@code takes} accepts, by any of a code's names ("CS04AC/CS04B"). */
    private static Set<Integer> codes(Predicate<String> takes) {
        Set<Integer> codes = new HashSet<>();
        for (UseCase uc : UseCaseRegistry.standard().all()) {
            if (java.util.Arrays.stream(uc.id().split("/")).anyMatch(takes)) {
                codes.add(uc.messageCode());
            }
        }
        return codes;
    }

    /**
     * A hub's objects: its clock, identity and firmware version, the device log (CCS01-CCS06) and the historic log,
     * whose backup CCS07 reads beside the log's.
     */
    private static Map<Long, CosemObject> chfObjects() {
        Map<Long, CosemObject> m = new HashMap<>();
        java.util.function.Consumer<CosemObject> add = o -> m.put(CosemObject.key(o.classId(), o.obis()), o);
        add.accept(new ClockObject());
        add.accept(new AttributeStore(GbcsObjects.CLASS_DATA, GbcsObjects.FIRMWARE_VERSION)
                .with(2, Data.octets("dccsim-chf-1".getBytes(StandardCharsets.US_ASCII))));
        add.accept(MeterObjects.deviceIdObject());
        add.accept(new ChfDeviceLogObject());
        SubGhzObjects.addTo(add);
        // The event and security logs (nothing recorded: their empty buffers), typed as the catalogue types the ESME's,
        // whose logical names the hub's share; and the hub's model and firmware identity (ECS26n).
        for (org.dccsim.device.cosem.ObjectCatalogue.Entry e : org.dccsim.device.cosem.ObjectCatalogue.entries()) {
            if (HUB_LOGS.contains(e.obis().toString()) && e.classId() == GbcsObjects.CLASS_PROFILE_GENERIC) {
                add.accept(new org.dccsim.device.cosem.CatalogueObject(e));
            }
        }
        add.accept(new AttributeStore(GbcsObjects.CLASS_DATA, ObisCode.parse("0-0:96.1.4.255"))
                .with(2, Data.octets("DCCSIMCH".getBytes(StandardCharsets.US_ASCII))));
        add.accept(new AttributeStore(GbcsObjects.CLASS_DATA, ObisCode.parse("0-0:96.1.6.255"))
                .with(2, Data.octets("CHF1".getBytes(StandardCharsets.US_ASCII))));
        add.accept(new CosemObject() {
            public int classId() {
                return ChfDeviceLog.CLASS_ZIGBEE_NETWORK_CONTROL;
            }

            public ObisCode obis() {
                return ChfDeviceLogObject.HISTORIC_OBIS;
            }

            public AccessResult action(int method, Data parameter, Invocation inv) {
                Device d = inv.device();
                if (method != ChfDeviceLogObject.METHOD_BACKUP) {
                    return AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE);
                }
                return d.deviceLog().map(log -> AccessResult.ok(log.historicBackup(inv)))
                        .orElse(AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE));
            }
        });
        return m;
    }
}
