package org.dccsim.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.device.fleet.FleetSpec;
import org.dccsim.device.fleet.FleetSpecException;
import org.dccsim.device.model.AssetType;
import org.dccsim.duis.UserRole;
import org.dccsim.gbcs.Eui64;
import org.dccsim.headend.server.HeadEndConfig;
import org.dccsim.headend.users.DeviceRecord;

/**
 * Writes a complete, self-consistent lab ({@link Lab}) from a few choices: how many sites, the asset mix, how many
 * VLPs. Site i's assets belong to VLP {@code (i mod vlps) + 1} (their Load Controller, and the tag {@code vlpN});
 * every device is in the head-end's inventory with its supplier, network operator and Load Controller, and listed
 * with its EUI-64 in fleet.yaml and devices.csv, so nobody computes EUIs.
 */
public final class LabInit {
    /**
     * What a lab holds; {@code uncommissioned} starts every meter unknown to the DCC and off its hub's log, to rehearse
     * an install: 12.2, 8.4, 8.11, 8.1.1; {@code dccControlled} starts every ESME with the DCC's ACB in its supplier and
     * network operator cells, to rehearse a handover (6.21).
     */
    public record Choices(int sites, int sapcsPerSite, Map<AssetType, Double> mix, int vlps, long seed, int duisPort,
            int wanPort, Instant epoch, boolean uncommissioned, boolean dccControlled) {
        public Choices {
            mix = mix == null || mix.isEmpty() ? Map.of(AssetType.BATTERY, 0.4, AssetType.HEAT_PUMP, 0.3,
                    AssetType.EV_CHARGER, 0.3) : new EnumMap<>(mix);
        }

        public Choices(int sites, int sapcsPerSite, Map<AssetType, Double> mix, int vlps, long seed, int duisPort,
                int wanPort, Instant epoch, boolean uncommissioned) {
            this(sites, sapcsPerSite, mix, vlps, seed, duisPort, wanPort, epoch, uncommissioned, false);
        }

        /** A lab whose devices are commissioned. */
        public Choices(int sites, int sapcsPerSite, Map<AssetType, Double> mix, int vlps, long seed, int duisPort,
                int wanPort, Instant epoch) {
            this(sites, sapcsPerSite, mix, vlps, seed, duisPort, wanPort, epoch, false);
        }

        public static Choices defaults() {
            return new Choices(4, 1, null, 2, 42, 8079, 8179, Instant.parse("2026-01-01T00:00:00Z"));
        }
    }

    public static final String ESME_BASE = "00DB100000000000";
    public static final String SAPC_BASE = "00DB200000000000";
    /** Each site's communications hub: CHF_BASE + the site's index. */
    public static final String CHF_BASE = "00DB300000000000";

    private LabInit() {
    }

    /** Writes the lab into {@code dir} (absent or empty) and returns it opened. */
    public static Lab write(Path dir, Choices c) throws IOException, Lab.LabException {
        check(c);
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new Lab.LabException(dir + " exists and is not a directory");
            }
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new Lab.LabException(dir + " is not empty; lab init never overwrites a lab");
                }
            }
        }
        Files.createDirectories(dir);
        Path pki = dir.resolve("pki");
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        SecureRandom random = new SecureRandom();
        List<Organisations.Spec> cast = Organisations.standard(c.vlps());
        Organisations orgs = Organisations.generate(cast, random);
        orgs.write(pki);

        List<FleetSpec.SiteSpec> sites = sites(c);
        FleetSpec fleet = new FleetSpec(c.epoch(), new FleetSpec.Trust(Organisations.SUPPLIER.toString(),
                Organisations.NETWORK_OPERATOR.toString(), Organisations.ACB.toString(),
                c.vlps() > 0 ? Organisations.vlp(1).toString() : null), sites, null, null);
        org.dccsim.device.fleet.FleetSpecs.write(dir.resolve("fleet.yaml"), fleet);

        List<HeadEndConfig.User> users = new ArrayList<>();
        Map<String, String> names = new LinkedHashMap<>();
        String dsp = "pki/dsp-xml-sign-" + Organisations.ACB + "-ds";
        for (Organisations.Member m : orgs.members()) {
            String xml = "pki/xml-sign-" + m.eui() + "-ds";
            users.add(new HeadEndConfig.User(m.eui().toString(), m.spec().roles().stream().map(UserRole::name).sorted().toList(),
                    xml + ".pem", null));
            names.put(m.name(), m.eui().toString());
            new ClientProfile(m.name(), m.eui().toString(), m.spec().roles().stream().map(UserRole::name).sorted().toList(),
                    "http://127.0.0.1:" + c.duisPort(), "../" + xml + ".key", "../" + xml + ".pem", "../pki",
                    List.of("../" + dsp + ".pem")).write(dir.resolve("clients").resolve(m.name() + ".yaml"));
        }
        List<HeadEndConfig.DeviceEntry> inventory = new ArrayList<>();
        try {
            for (DeviceRecord d : Inventory.of(fleet, null)) {
                inventory.add(new HeadEndConfig.DeviceEntry(d.eui().toString(), d.type().name(), d.supplier().toString(),
                        d.networkOperator().toString(), d.loadControllers().stream().map(Eui64::toString).sorted().toList(),
                        // The hubs are the DCC's own and commissioned when they reach the WAN; the meters are not yet
                        // known to the DCC: pre-notified (12.2), installed (8.4), on the hub's log (8.11), commissioned (8.1.1).
                        c.uncommissioned() && d.type() != DeviceRecord.Type.CHF ? "NotPrenotified" : null));
            }
        } catch (FleetSpecException e) {
            throw new Lab.LabException(e.getMessage());
        }
        StringBuilder csv = new StringBuilder("eui,type,site,asset,controller,vlp,tags\n");
        for (FleetSpec.SiteSpec s : sites) {
            csv.append(s.esme()).append(",ESME,").append(s.id()).append(",,,,\n");
            if (s.commsHub() != null) {
                csv.append(s.commsHub().eui()).append(",CHF,").append(s.id()).append(",,,,\n");
            }
            for (FleetSpec.AssetSpec a : s.assets()) {
                String vlp = a.tags() == null || a.tags().isEmpty() ? "" : a.tags().get(0);
                csv.append(a.sapc()).append(",SAPC,").append(s.id()).append(',').append(a.type()).append(',')
                        .append(a.controller()).append(',').append(vlp).append(',')
                        .append(a.tags() == null ? "" : String.join(" ", a.tags())).append('\n');
            }
        }
        HeadEndConfig headend = new HeadEndConfig("127.0.0.1", c.duisPort(), c.wanPort(), "pki",
                "lab-" + HexFormat.of().formatHex(random.generateSeed(8)), dsp + ".key", dsp + ".pem",
                "data/headend.journal", null, 30, "proof", users, inventory);
        Lab.yaml().writeValue(dir.resolve("headend.yaml").toFile(), headend);
        Files.writeString(dir.resolve("devices.csv"), csv, StandardCharsets.UTF_8);

        Map<String, Double> mix = new LinkedHashMap<>();
        c.mix().forEach((k, v) -> mix.put(k.name(), v));
        Lab.yaml().writeValue(dir.resolve(Lab.SPEC).toFile(), new Lab.Spec(c.sites(), c.sapcsPerSite(), mix, c.vlps(), c.seed(),
                c.duisPort(), c.wanPort(), c.epoch().toString(), names));
        Files.writeString(dir.resolve("README.txt"), readme(dir, c, names), StandardCharsets.UTF_8);
        return Lab.open(dir);
    }

    private static void check(Choices c) throws Lab.LabException {
        if (c.sites() < 0 || c.sites() > 100_000) {
            throw new Lab.LabException("--sites must be 0 to 100000");
        }
        if (c.sapcsPerSite() < 0 || c.sapcsPerSite() > 8) {
            throw new Lab.LabException("--sapcs-per-site must be 0 to 8");
        }
        if (c.vlps() < 1 || c.vlps() > 8) {
            throw new Lab.LabException("--vlps must be 1 to 8");
        }
        for (int p : new int[] {c.duisPort(), c.wanPort()}) {
            if (p < 1 || p > 65535) {
                throw new Lab.LabException("ports must be 1 to 65535");
            }
        }
        if (c.mix().values().stream().anyMatch(v -> v == null || v < 0) || c.mix().values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw new Lab.LabException("--mix needs shares of 0 or more, at least one above 0");
        }
    }

    /** The sites, generated deterministically in the seed, each asset given its VLP. */
    static List<FleetSpec.SiteSpec> sites(Choices c) throws Lab.LabException {
        List<FleetSpec.SiteSpec> generated;
        try {
            generated = Fleet.sites(new FleetSpec(c.epoch(), null, null, new FleetSpec.Generate(c.sites(), c.sapcsPerSite(),
                    c.mix(), c.seed(), ESME_BASE, SAPC_BASE, null, CHF_BASE), null));
        } catch (FleetSpecException e) {
            throw new Lab.LabException(e.getMessage());
        }
        List<FleetSpec.SiteSpec> out = new ArrayList<>(generated.size());
        for (int i = 0; i < generated.size(); i++) {
            FleetSpec.SiteSpec s = generated.get(i);
            int vlp = i % c.vlps() + 1;
            String lc = Organisations.vlp(vlp).toString();
            List<FleetSpec.AssetSpec> assets = new ArrayList<>();
            for (FleetSpec.AssetSpec a : s.assets()) {
                assets.add(new FleetSpec.AssetSpec(a.sapc(), a.type(), a.maxImportW(), a.maxExportW(), a.controller(), a.seed(),
                        lc, List.of("vlp" + vlp, a.type().name().toLowerCase().replace('_', '-')), a.schedule()));
            }
            // Every site has a hub; rehearsing the install (--uncommissioned) starts its device log empty, so each meter
            // is added with 8.11 before it can be reached.
            out.add(new FleetSpec.SiteSpec(String.format("site-%04d", i + 1), s.esme(), s.household(), assets, null,
                    new FleetSpec.CommsHubSpec(s.commsHub().eui(), c.uncommissioned() ? List.of() : null),
                    c.dccControlled() ? Boolean.TRUE : null));
        }
        return out;
    }

    private static String readme(Path dir, Choices c, Map<String, String> names) {
        StringBuilder b = new StringBuilder();
        b.append("A dccsim lab: ").append(c.sites()).append(" sites, ").append(c.vlps()).append(" VLP(s).\n\n");
        b.append("Run the head-end and the fleet:    dccsim serve --lab ").append(dir).append('\n');
        b.append("Send as a DCC User:                dccsim sr --lab ").append(dir).append(" --as vlp1 read-firmware EUI\n");
        b.append("Devices, one per line:             devices.csv\n\n");
        b.append("Users (clients/NAME.yaml):\n");
        names.forEach((n, e) -> b.append("  ").append(String.format("%-18s", n)).append(e).append('\n'));
        b.append("\nThe keys in pki/ are a test PKI made for this lab only: never use them outside it.\n");
        return b.toString();
    }

    /** Parses "BATTERY=0.4,HEAT_PUMP=0.3" (case-insensitive names, shares of any scale). */
    public static Map<AssetType, Double> mix(String text) throws Lab.LabException {
        Map<AssetType, Double> m = new EnumMap<>(AssetType.class);
        for (String part : text.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                throw new Lab.LabException("--mix takes TYPE=SHARE,... (types: " + List.of(AssetType.values()) + ")");
            }
            try {
                m.put(AssetType.valueOf(kv[0].trim().toUpperCase().replace('-', '_')), Double.parseDouble(kv[1].trim()));
            } catch (IllegalArgumentException e) {
                throw new Lab.LabException("--mix: " + part.trim() + " is not TYPE=SHARE (types: " + List.of(AssetType.values())
                        + ")");
            }
        }
        return m;
    }

    /** The first ESME's EUI-64 of a generated lab, for examples. */
    public static Eui64 firstEsme() {
        return Eui64.parse(ESME_BASE);
    }
}
