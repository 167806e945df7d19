package org.dccsim.device.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dccsim.clock.SimClock;
import org.dccsim.device.Device;
import org.dccsim.device.DeviceType;
import org.dccsim.device.Outbound;
import org.dccsim.device.Site;
import org.dccsim.device.Device;
import org.dccsim.device.TrustAnchors;
import org.dccsim.device.model.AssetModel;
import org.dccsim.device.model.Weather;
import org.dccsim.device.model.AssetType;
import org.dccsim.device.model.HouseholdModel;
import org.dccsim.device.model.Noise;
import org.dccsim.device.wan.DeviceHost;
import org.dccsim.device.wan.FaultPlan;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.usecase.ChfDeviceLog;
import org.dccsim.gbcs.usecase.Role;

/** A fleet of sites built from a {@link FleetSpec}: the devices a WAN link hosts. */
public final class Fleet implements DeviceHost {
    /**
     * The RTDS identities (GBCS-NOTES a.4), the default trust anchors; the Transitional CoS party signs 6.23, the
     * Recovery party the RTDS's CS02b 0x0108.
     */
    public static final FleetSpec.Trust RTDS_TRUST = new FleetSpec.Trust("90B3D51F30010000", "90B3D51F30020000",
            "90B3D51F30000002", "90B3D51F30010008", "90B3D51F30000004", "90B3D51F30000001");
    public static final Instant DEFAULT_EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final List<Site> sites;
    /** Every device the fleet hosts: meters and hubs. */
    private final Map<Eui64, Device> devices;
    private final List<Device> meters;
    private final List<Device> hubs;
    /** Each meter's communications hub, where its site has one. */
    private final Map<Eui64, Device> hubOf;
    private final Map<Eui64, List<String>> tags;
    private final FaultPlan faults;
    private final Instant epoch;

    private Fleet(List<Site> sites, Map<Eui64, Device> devices, Map<Eui64, Device> hubOf, Map<Eui64, List<String>> tags,
            FaultPlan faults, Instant epoch) {
        this.sites = List.copyOf(sites);
        this.devices = devices;
        this.meters = devices.values().stream().filter(d -> d.type() != DeviceType.CHF).toList();
        this.hubs = devices.values().stream().filter(d -> d.type() == DeviceType.CHF).toList();
        this.hubOf = hubOf;
        this.tags = tags;
        this.faults = faults;
        this.epoch = epoch;
        for (Device d : devices.values()) {
            d.onDue((device, at) -> dueIndex.add(new Due(at, dueSequence.incrementAndGet(), device)));
        }
    }

    /** A device's earliest scheduled work, as it reported it; stale entries only cost the device an empty poll. */
    private record Due(Instant at, long sequence, Device device) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    /**
     * The devices' scheduled work by time. The comms hub asks for due devices on every tick (every 50-200 ms):
     * scanning every device for it cost 5 % of a 3,000-device drill's CPU (JFR, 2026-12-05) and grows with the fleet,
     * a million devices in one process; taking from the head of this queue costs what is due.
     */
    private final java.util.concurrent.PriorityBlockingQueue<Due> dueIndex = new java.util.concurrent.PriorityBlockingQueue<>();
    private final java.util.concurrent.atomic.AtomicLong dueSequence = new java.util.concurrent.atomic.AtomicLong();

    /** The built-in fleet: the RTDS ESME (00DB1234567890A0) and SAPC (00DB1234567890A6, a battery on APC 1). */
    public static FleetSpec rtdsSpec() {
        return new FleetSpec(null, RTDS_TRUST, List.of(new FleetSpec.SiteSpec("rtds-site", "00DB1234567890A0", null,
                List.of(new FleetSpec.AssetSpec("00DB1234567890A6", AssetType.BATTERY, 5000, 5000, 1, null, null,
                        List.of("rtds"))))), null, null);
    }

    /**
     * Builds the fleet. Every device gets {@code security} (one key store for the fleet: the devices' own keys
     * and the remote parties' public keys).
     */
    public static Fleet build(FleetSpec spec, SimClock clock, GbcsSecurity security) throws FleetSpecException {
        FleetSpecs.validate(spec, "fleet");
        Instant epoch = spec.epoch() == null ? DEFAULT_EPOCH : spec.epoch();
        FleetSpec.Trust t = spec.trust() == null ? RTDS_TRUST : spec.trust();
        Map<String, TrustAnchors> anchors = new HashMap<>();
        Weather weather = FleetSpecs.weather(spec.weather());
        List<Site> sites = new ArrayList<>();
        Map<Eui64, Device> devices = new LinkedHashMap<>();
        Map<Eui64, Device> hubOf = new HashMap<>();
        Map<Eui64, List<String>> tags = new HashMap<>();
        List<FleetSpec.SiteSpec> given = spec.sites() == null ? List.of() : spec.sites();
        List<FleetSpec.SiteSpec> all = new ArrayList<>(given);
        if (spec.generate() != null) {
            all.addAll(generate(spec.generate()));
        }
        int index = 0;
        for (FleetSpec.SiteSpec s : all) {
            index++;
            Eui64 esmeEui = eui(s.esme(), "site " + s.id() + " esme");
            TrustAnchors esmeTrust = trustFor(anchors, t, null);
            if (Boolean.TRUE.equals(s.dccControlled())) {
                esmeTrust = dccControlled(esmeTrust, s.id());
            }
            Device esme = Device.esme(esmeEui, clock, security, esmeTrust);
            put(devices, esme);
            List<Site.Asset> assets = new ArrayList<>();
            Map<Eui64, Device> sapcs = new HashMap<>();
            int assetNo = 0;
            for (FleetSpec.AssetSpec a : s.assets() == null ? List.<FleetSpec.AssetSpec>of() : s.assets()) {
                assetNo++;
                Eui64 sapcEui = eui(a.sapc(), "site " + s.id() + " asset " + assetNo);
                Device sapc = sapcs.get(sapcEui);
                if (sapc == null) {
                    sapc = Device.sapc(sapcEui, clock, security, trustFor(anchors, t, a.loadController()));
                    sapcs.put(sapcEui, sapc);
                    put(devices, sapc);
                }
                int[] defaults = defaults(a.type());
                long seed = a.seed() != null ? a.seed() : sapcEui.value() ^ assetNo;
                AssetModel model = new AssetModel(a.type(), seed, a.maxImportW() != null ? a.maxImportW() : defaults[0],
                        a.maxExportW() != null ? a.maxExportW() : defaults[1], FleetSpecs.schedule(a.schedule()), a.modelFault());
                assets.add(new Site.Asset(sapc, model, a.controller() != null ? a.controller() : 1));
                List<String> deviceTags = new ArrayList<>(tags.getOrDefault(sapcEui, List.of()));
                deviceTags.add(a.type().name().toLowerCase());
                if (a.tags() != null) {
                    deviceTags.addAll(a.tags());
                }
                tags.put(sapcEui, List.copyOf(deviceTags));
            }
            List<Site.Asset> switched = new ArrayList<>();
            for (FleetSpec.SwitchedLoadSpec l : s.switchedLoads() == null ? List.<FleetSpec.SwitchedLoadSpec>of() : s.switchedLoads()) {
                int rating = l.ratingW() != null ? l.ratingW() : l.type() == AssetType.STORAGE_HEATER ? 3400 : 3000;
                long seed = l.seed() != null ? l.seed() : esmeEui.value() ^ (0x100L * l.alcs());
                switched.add(new Site.Asset(esme, new AssetModel(l.type(), seed, rating, 0, FleetSpecs.schedule(l.schedule())),
                        l.alcs()));
                List<String> deviceTags = new ArrayList<>(tags.getOrDefault(esmeEui, List.of()));
                deviceTags.add(l.type().name().toLowerCase());
                tags.put(esmeEui, List.copyOf(deviceTags));
            }
            FleetSpec.Household h = s.household();
            long hSeed = h != null && h.seed() != null ? h.seed() : esmeEui.value();
            HouseholdModel household = new HouseholdModel(hSeed, h != null && h.baseW() != null ? h.baseW() : 250,
                    h != null && h.peakW() != null ? h.peakW() : 2500, FleetSpecs.schedule(h == null ? null : h.schedule()));
            sites.add(new Site(s.id() == null ? "site-" + index : s.id(), esme, household, assets, switched, epoch, weather));
            if (s.commsHub() != null) {
                addHub(s, esme, sapcs.values(), clock, security, trustFor(anchors, t, null), devices, hubOf);
            }
        }
        Fleet fleet = new Fleet(sites, devices, hubOf, tags, faultPlan(spec.faults(), devices.keySet()), epoch);
        if (spec.faults() != null && spec.faults().clockSkewSeconds() != null) {
            fleet.withClockSkew(Duration.ofSeconds(spec.faults().clockSkewSeconds()));
        }
        return fleet;
    }

    /**
     * The site's communications hub: its device log lists the site's meters (the ESME as an ESME, each SAPC as an
     * HCALCS, the HAN device type nearest a SAPC) unless the spec gives the log, as an install in progress does.
     */
    private static void addHub(FleetSpec.SiteSpec s, Device esme, Collection<Device> sapcs, SimClock clock,
            GbcsSecurity security, TrustAnchors trust, Map<Eui64, Device> devices, Map<Eui64, Device> hubOf)
            throws FleetSpecException {
        Device hub = Device.chf(eui(s.commsHub().eui(), "site " + s.id() + " commsHub.eui"), clock, security, trust);
        put(devices, hub);
        List<Device> site = new ArrayList<>();
        site.add(esme);
        site.addAll(sapcs);
        List<Eui64> log = new ArrayList<>();
        List<ChfDeviceLog.HanDeviceType> types = new ArrayList<>();
        for (Device d : site) {
            hubOf.put(d.eui(), hub);
            boolean listed = s.commsHub().deviceLog() == null || s.commsHub().deviceLog().stream()
                    .anyMatch(x -> Eui64.parse(x).equals(d.eui()));
            if (listed) {
                log.add(d.eui());
                types.add(d.type() == DeviceType.ESME ? ChfDeviceLog.HanDeviceType.ESME : ChfDeviceLog.HanDeviceType.HCALCS);
            }
        }
        if (!log.isEmpty()) {
            hub.installDeviceLog(log, types);
        }
    }

    private static void put(Map<Eui64, Device> devices, Device d) throws FleetSpecException {
        if (devices.putIfAbsent(d.eui(), d) != null) {
            throw new FleetSpecException("device " + d.eui() + " appears twice in the fleet");
        }
    }

    private static TrustAnchors trustFor(Map<String, TrustAnchors> cache, FleetSpec.Trust t, String lc)
            throws FleetSpecException {
        String loadController = lc != null ? lc : t.loadController();
        String key = loadController == null ? "" : loadController;
        TrustAnchors existing = cache.get(key);
        if (existing != null) {
            return existing;
        }
        // Devices with the same parties share one (immutable) set of anchors until a CS02 update gives one its own.
        TrustAnchors a = new TrustAnchors();
        a = setIf(a, Role.SUPPLIER, t.supplier());
        a = setIf(a, Role.NETWORK_OPERATOR, t.networkOperator());
        a = setIf(a, Role.ACB, t.acb());
        a = setIf(a, Role.LOAD_CONTROLLER, loadController);
        a = setIf(a, Role.TRANSITIONAL_COS, t.transitionalCoS());
        a = setIf(a, Role.RECOVERY, t.recovery());
        cache.put(key, a);
        return a;
    }

    /** A DCC-controlled ESME's anchors: the DCC's ACB in the supplier and network operator cells (DUIS 6.21). */
    private static TrustAnchors dccControlled(TrustAnchors a, String site) throws FleetSpecException {
        Eui64 acb = a.party(Role.ACB).orElseThrow(() -> new FleetSpecException("site " + site
                + ": dccControlled needs trust.acb, the party that holds the device's cells"));
        return a.set(Role.SUPPLIER, acb).set(Role.NETWORK_OPERATOR, acb);
    }

    private static TrustAnchors setIf(TrustAnchors a, Role role, String eui) throws FleetSpecException {
        return eui == null ? a : a.set(role, eui(eui, "trust." + role.name().toLowerCase()));
    }

    static Eui64 eui(String text, String where) throws FleetSpecException {
        try {
            return Eui64.parse(text);
        } catch (IllegalArgumentException e) {
            throw new FleetSpecException(where + ": " + e.getMessage());
        }
    }

    /** Typical ratings, in W of import and export, when the fleet file gives none. */
    static int[] defaults(AssetType type) {
        switch (type) {
            case BATTERY: return new int[] {5000, 5000};
            case EV_CHARGER: return new int[] {7000, 0};
            case HEAT_PUMP: return new int[] {3000, 0};
            default: return new int[] {0, 10000};
        }
    }

    /** Every site of a spec, the given ones then the generated ones, EUIs and all: what a fleet file describes. */
    public static List<FleetSpec.SiteSpec> sites(FleetSpec spec) throws FleetSpecException {
        List<FleetSpec.SiteSpec> all = new ArrayList<>(spec.sites() == null ? List.of() : spec.sites());
        if (spec.generate() != null) {
            all.addAll(generate(spec.generate()));
        }
        return all;
    }

    /**
     * Part {@code part} (1 to {@code parts}) of a fleet: every {@code parts}-th site from the {@code part}-th, with its
     * hub and meters, the rest of the spec unchanged. The parts of one spec are disjoint and together the whole
     * fleet, so one fleet file can be spread over several {@code dccsim devices} processes or machines, as a real
     * SM WAN spreads its devices over many communications hubs.
     */
    public static FleetSpec part(FleetSpec spec, int part, int parts) throws FleetSpecException {
        if (parts < 1 || part < 1 || part > parts) {
            throw new FleetSpecException("part " + part + " of " + parts + ": needs 1 <= part <= parts");
        }
        List<FleetSpec.SiteSpec> all = sites(spec);
        List<FleetSpec.SiteSpec> mine = new ArrayList<>(all.size() / parts + 1);
        for (int i = part - 1; i < all.size(); i += parts) {
            mine.add(all.get(i));
        }
        return new FleetSpec(spec.epoch(), spec.trust(), mine, null, spec.faults(), spec.weather());
    }

    private static List<FleetSpec.SiteSpec> generate(FleetSpec.Generate g) throws FleetSpecException {
        if (g.sites() == null || g.sites() < 0 || g.sites() > 1_000_000) {
            throw new FleetSpecException("generate.sites must be 0 to 1000000");
        }
        long seed = g.seed() == null ? 1 : g.seed();
        int per = g.sapcsPerSite() == null ? 1 : g.sapcsPerSite();
        Map<AssetType, Double> mix = g.mix() == null || g.mix().isEmpty() ? Map.of(AssetType.BATTERY, 0.4,
                AssetType.HEAT_PUMP, 0.3, AssetType.EV_CHARGER, 0.3) : new EnumMap<>(g.mix());
        double total = mix.values().stream().mapToDouble(Double::doubleValue).sum();
        if (total <= 0) {
            throw new FleetSpecException("generate.mix needs at least one share above 0");
        }
        long esmeBase = (g.esmeBase() == null ? Eui64.parse("00DB100000000000") : eui(g.esmeBase(), "generate.esmeBase")).value();
        long sapcBase = (g.sapcBase() == null ? Eui64.parse("00DB200000000000") : eui(g.sapcBase(), "generate.sapcBase")).value();
        // Hubs only where asked for: a generated fleet without chfBase reaches its meters directly, as before hubs.
        Long chfBase = g.chfBase() == null ? null : eui(g.chfBase(), "generate.chfBase").value();
        List<FleetSpec.SiteSpec> out = new ArrayList<>(g.sites());
        for (int i = 0; i < g.sites(); i++) {
            List<FleetSpec.AssetSpec> assets = new ArrayList<>(per);
            for (int j = 0; j < per; j++) {
                double pick = Noise.unit(seed, (long) i * 8 + j) * total;
                AssetType type = null;
                for (Map.Entry<AssetType, Double> e : mix.entrySet()) {
                    type = e.getKey();
                    pick -= e.getValue();
                    if (pick < 0) {
                        break;
                    }
                }
                Eui64 sapc = Eui64.of(sapcBase + (long) i * 8 + j);
                assets.add(new FleetSpec.AssetSpec(sapc.toString(), type, null, null, 1, seed ^ sapc.value(), null, null));
            }
            // Each switched load type is fitted to its share of sites, on switches 1, 2, ... in the order given.
            List<FleetSpec.SwitchedLoadSpec> switched = new ArrayList<>();
            if (g.switchedLoads() != null) {
                int k = 0;
                for (Map.Entry<AssetType, Double> e : new EnumMap<>(g.switchedLoads()).entrySet()) {
                    k++;
                    if (Noise.unit(seed ^ 0x5157, (long) i * 8 + k) < e.getValue()) {
                        switched.add(new FleetSpec.SwitchedLoadSpec(e.getKey(), switched.size() + 1, null, null, null));
                    }
                }
            }
            out.add(new FleetSpec.SiteSpec(String.format("gen-%06d", i + 1), Eui64.of(esmeBase + i).toString(),
                    new FleetSpec.Household(seed ^ (esmeBase + i), null, null), assets, switched.isEmpty() ? null : switched,
                    chfBase == null ? null : new FleetSpec.CommsHubSpec(Eui64.of(chfBase + i).toString(), null)));
        }
        return out;
    }

    private static FaultPlan faultPlan(FleetSpec.Faults f, Collection<Eui64> euis) {
        if (f == null) {
            return FaultPlan.none();
        }
        long seed = f.seed() == null ? 7 : f.seed();
        FaultPlan.Faults base = new FaultPlan.Faults(false, nz(f.dropProbability()),
                Duration.ofMillis(f.latencyMs() == null ? 0 : f.latencyMs()),
                Duration.ofMillis(f.jitterMs() == null ? 0 : f.jitterMs()), nz(f.corruptProbability()));
        FaultPlan plan = new FaultPlan(seed, base);
        double share = nz(f.offlineShare());
        if (share > 0) {
            FaultPlan.Faults offline = new FaultPlan.Faults(true, base.dropProbability(), base.latency(), base.jitter(),
                    base.corruptProbability());
            for (Eui64 e : euis) {
                if (Noise.unit(seed, e.value()) < share) {
                    plan.set(e, offline);
                }
            }
        }
        return plan;
    }

    private static double nz(Double d) {
        return d == null ? 0 : d;
    }

    /** Applies the fleet file's clock skew to every device. */
    public Fleet withClockSkew(Duration skew) {
        meters.forEach(d -> d.clockSkew(skew));
        return this;
    }

    public List<Site> sites() {
        return sites;
    }

    public FaultPlan faults() {
        return faults;
    }

    public Instant epoch() {
        return epoch;
    }

    public List<String> tags(Eui64 device) {
        return tags.getOrDefault(device, List.of());
    }

    /** The meters: every site's ESME and SAPCs (hubs are in {@link #hubs}). */
    public Collection<Device> devices() {
        return meters;
    }

    /** The sites' communications hubs (sites whose spec gives one). */
    public List<Device> hubs() {
        return hubs;
    }

    /** The hub a meter is reached through, if its site has one. */
    public Optional<Device> hubOf(Eui64 device) {
        return Optional.ofNullable(hubOf.get(device));
    }

    /**
     * A hub forwards only to the devices that joined its HAN: in its device log with their own install code (GBCS
     * CCS01: a device not on the whitelist cannot communicate over the HAN); a device of a site without a hub, or a
     * hub itself, is reached directly.
     */
    @Override
    public boolean reachable(Eui64 device) {
        Device hub = hubOf.get(device);
        return hub == null || hub.deviceLog().map(l -> l.joined(device)).orElse(true);
    }

    @Override
    public Collection<Eui64> euis() {
        return devices.keySet();
    }

    @Override
    public Optional<Device> device(Eui64 eui) {
        return Optional.ofNullable(devices.get(eui));
    }

    @Override
    public Collection<Device> dueDevices() {
        java.util.Set<Device> due = new java.util.LinkedHashSet<>();
        for (Due head = dueIndex.poll(); head != null; head = dueIndex.poll()) {
            if (head.at().isAfter(head.device().clock().now())) {
                dueIndex.add(head); // not yet: back, and nothing after it is due either
                break;
            }
            due.add(head.device());
        }
        return due;
    }

    private volatile DeviceStateStore store;

    /**
     * Keeps the devices' state in {@code store} from now on, after putting back what it holds from an earlier run;
     * returns how many devices it restored.
     */
    public int keepStateIn(DeviceStateStore store) {
        int restored = 0;
        for (Device d : devices.values()) {
            if (store.load(d)) {
                restored++;
            }
        }
        this.store = store;
        return restored;
    }

    @Override
    public void changed(Device d) {
        DeviceStateStore s = store;
        if (s != null) {
            s.save(d);
        }
    }

    /** Runs everything due on every device (for fleets driven without a link, e.g. on a manual clock). */
    public List<Outbound> pollAll() {
        List<Outbound> out = new ArrayList<>();
        for (Device d : dueDevices()) {
            out.addAll(d.poll());
        }
        return out;
    }
}
