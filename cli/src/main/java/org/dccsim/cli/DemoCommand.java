package org.dccsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dccsim.device.DeviceType;
import org.dccsim.device.Site;
import org.dccsim.device.SmartDevice;
import org.dccsim.device.clock.ScaledClock;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.device.fleet.FleetSpec;
import org.dccsim.device.model.AssetType;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.Hex;
import org.dccsim.gbcs.crypto.EcKeys;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.KeyUsage;
import org.dccsim.gbcs.crypto.SmkiCertificates;
import org.dccsim.gbcs.crypto.TestCertificates;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.inspect.Inspection;
import org.dccsim.gbcs.inspect.MessageInspector;
import org.dccsim.gbcs.usecase.HalfHourProfile;
import org.dccsim.gbcs.usecase.LoadControllerCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dccsim demo}: a VLP's afternoon, end to end through the real DUIS and GBCS paths, in one process. A
 * head-end and three P375 sites on a fast clock; the supplier installs the VLP's Load Controller credentials on
 * the SAPCs (6.15.1, CS02g); profiles are read; the VLP limits every SAPC's APC for two simulated hours (7.16,
 * critical, signed by the VLP) and gets 8F86 and 8F87; profiles are read again; the P375 table shows boundary,
 * assets and primary volumes per site and half-hour against the households' true demand.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Play a VLP's demand-response story against an embedded head-end and fleet (well under a minute).",
        footer = ExitCodes.HELP + "%nExample:%n  dccsim demo%n")
final class DemoCommand implements Callable<Integer> {
    static final Eui64 ACB = EmbeddedDcc.ACB;
    static final Eui64 SUPPLIER = EmbeddedDcc.SUPPLIER;
    static final Eui64 VLP = EmbeddedDcc.VLP;
    static final Instant START = Instant.parse("2026-06-01T16:00:00Z");
    static final Instant LIMIT_FROM = Instant.parse("2026-06-01T17:00:00Z");
    static final Instant LIMIT_TO = Instant.parse("2026-06-01T19:00:00Z");
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "dccsim-data",
            description = "Where the demo's test PKI is kept (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--speed", paramLabel = "FACTOR", defaultValue = "900",
            description = "Simulated seconds per real second (default: ${DEFAULT-VALUE}, a quarter-hour a second).")
    double speed;

    @Spec
    CommandSpec spec;

    private PrintWriter out;
    private DuisClient client;
    private GbcsSecurity security;
    private ScaledClock clock;
    private DuisClient.Identity supplier;
    private DuisClient.Identity vlp;
    private EmbeddedDcc dcc;

    @Override
    public Integer call() throws Exception {
        if (!(speed >= 60 && speed <= 100_000)) {
            throw new UserError(ExitCodes.BAD_INPUT, "--speed must be between 60 and 100000");
        }
        out = spec.commandLine().getOut();
        byte[] seed = pkiSeed(data.resolve("demo"));
        SecureRandom rnd = SecureRandom.getInstance("SHA1PRNG");
        rnd.setSeed(seed);
        clock = new ScaledClock(START, speed);
        // The devices trust the supplier and the DCC; the VLP's Load Controller credentials come later (CS02g).
        try (EmbeddedDcc dcc = new EmbeddedDcc("dccsim-demo/" + Hex.encode(seed), rnd, fleetSpec(), clock,
                Duration.ofSeconds(20))) {
            this.dcc = dcc;
            security = dcc.security;
            client = dcc.client;
            supplier = dcc.supplier;
            vlp = dcc.vlp;
            dcc.awaitDevices(dcc.fleet.devices().size(), Duration.ofSeconds(10));
            try {
                story(dcc.fleet, dcc.ca, dcc.duisBase, dcc.wanPort);
            } catch (UserError e) {
                explain(dcc.fleet);
                throw e;
            }
        }
        return ExitCodes.OK;
    }

    private void story(Fleet fleet, TestCertificates.Issued ca, String base, int wan) throws Exception {
        List<SmartDevice> sapcs = fleet.devices().stream().filter(d -> d.type() == DeviceType.SAPC).toList();
        out.printf("dccsim demo: a VLP's afternoon under BSC P375, through the real DUIS and GBCS paths%n");
        out.printf("  head-end: DUIS on %s, WAN on 127.0.0.1:%d; %d sites, %d devices; %s simulated minutes a second%n%n",
                base, wan, fleet.sites().size(), fleet.devices().size(), new java.text.DecimalFormat("0.#").format(speed / 60));

        step("the supplier installs the VLP's Load Controller credentials on %d SAPCs (6.15.1, CS02g)", sapcs.size());
        EcKeys.KeyPair vlpDs = new EcKeys.KeyPair(security.keyStore().publicKey(VLP, KeyUsage.DS).orElseThrow(), null);
        EcKeys.KeyPair vlpKa = new EcKeys.KeyPair(security.keyStore().publicKey(VLP, KeyUsage.KA).orElseThrow(), null);
        Base64.Encoder b64 = Base64.getEncoder();
        String dsCert = b64.encodeToString(TestCertificates.issue(VLP, 8, org.bouncycastle.asn1.x509.KeyUsage.digitalSignature,
                BigInteger.valueOf(201), SmkiCertificates.toJca(vlpDs.publicKey()), ca, null).getEncoded());
        String kaCert = b64.encodeToString(TestCertificates.issue(VLP, 8, org.bouncycastle.asn1.x509.KeyUsage.keyAgreement,
                BigInteger.valueOf(202), SmkiCertificates.toJca(vlpKa.publicKey()), ca, null).getEncoded());
        String install = "<sr:UpdateSecurityCredentialsKRP><sr:RemotePartyRole>LoadController</sr:RemotePartyRole>"
                + "<sr:RemotePartyFloorSeqNumber>0</sr:RemotePartyFloorSeqNumber><sr:ReplacementCertificates>"
                + "<sr:SupplierOrNetworkOperatorCertificates><sr:DigitalSigningCertificate>" + dsCert
                + "</sr:DigitalSigningCertificate><sr:KeyAgreementCertificate>" + kaCert + "</sr:KeyAgreementCertificate>"
                + "</sr:SupplierOrNetworkOperatorCertificates></sr:ReplacementCertificates><sr:CertificationPathCertificates>"
                + "<sr:Certificate>" + b64.encodeToString(ca.certificate().getEncoded()) + "</sr:Certificate>"
                + "</sr:CertificationPathCertificates><sr:ApplyTimeBasedCPVChecks>true</sr:ApplyTimeBasedCPVChecks>"
                + "</sr:UpdateSecurityCredentialsKRP>";
        int installed = 0;
        for (SmartDevice s : sapcs) {
            dcc.critical(supplier, s.eui(), "6.15.1", install);
        }
        for (DuisClient.Reply r : answers(supplier, sapcs.size())) {
            var m = new GbcsFrameDecoder().decode(r.gbcs());
            var result = LoadControllerCredentials.decodeResponse(m.apdu().content());
            if (result.isPresent() && result.get().replaced().stream().allMatch(x -> x.status() == 0)) {
                installed++;
            }
        }
        out.printf("         %d of %d SAPCs now trust the VLP %s as their Load Controller%n", installed, sapcs.size(), VLP);

        step("the VLP limits APC 1 of every SAPC to 20 %% from 17:00 to 19:00 (7.16: transform, VLP signs, send)");
        for (SmartDevice s : sapcs) {
            dcc.critical(vlp, s.eui(), "7.16", "<sr:LimitAPCLevel auxiliaryControllerN=\"1\"><sr:StartDateTime>"
                    + LIMIT_FROM + "</sr:StartDateTime><sr:EndDateTime>" + LIMIT_TO + "</sr:EndDateTime>"
                    + "<sr:CommandedStateLevel>20</sr:CommandedStateLevel></sr:LimitAPCLevel>");
        }
        // Sorted: answers and alerts from several devices arrive interleaved, in no fixed order.
        Map<String, Integer> seen = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        for (DuisClient.Reply r : answers(vlp, sapcs.size() * 2)) {
            seen.merge(r.alertCode() != null ? "alert " + r.alertCode() : "response " + r.code(), 1, Integer::sum);
        }
        out.printf("         received: %s (8F86: Limit APC level command processed, ECS101)%n", seen);

        waitUntil(LIMIT_FROM);
        step("the supplier reads the half-hour profiles 16:00-17:00 of every boundary meter and SAPC (4.8.1, 4.8.3)");
        Map<Eui64, long[]> before = readProfiles(fleet, START, LIMIT_FROM);
        out.printf("         %d profiles read%n", before.size());

        waitUntil(LIMIT_TO.plusSeconds(60));
        step("the limits end at 19:00");
        Map<String, Integer> ended = new LinkedHashMap<>();
        for (DuisClient.Reply r : answers(vlp, sapcs.size())) {
            ended.merge("alert " + r.alertCode(), 1, Integer::sum);
        }
        out.printf("         received: %s (Limit APC level ended, ECS102)%n", ended);

        step("the supplier reads the profiles 17:00-19:00 again");
        Map<Eui64, long[]> during = readProfiles(fleet, LIMIT_FROM, LIMIT_TO);
        out.printf("         %d profiles read%n%n", during.size());
        p375(fleet, before, during);
    }

    private void p375(Fleet fleet, Map<Eui64, long[]> before, Map<Eui64, long[]> during) {
        out.println("P375 per site and half-hour, kWh, export positive: primary = boundary - sum(assets), checked against");
        out.println("the household's true demand (the simulator knows it); * marks the APC limit");
        out.printf("  %-8s %-11s %9s %9s %9s %10s  %s%n", "site", "period", "boundary", "assets", "primary", "household", "check");
        int bad = 0;
        for (Site site : fleet.sites()) {
            for (int h = 0; h < 6; h++) {
                Instant from = START.plus(Duration.ofMinutes(30L * h));
                Instant to = from.plus(Duration.ofMinutes(30));
                Map<Eui64, long[]> src = from.isBefore(LIMIT_FROM) ? before : during;
                int idx = (int) (from.isBefore(LIMIT_FROM) ? h : h - 2);
                long boundary = ProfileReads.net(src.get(site.boundary().eui()), idx);
                long assets = 0;
                for (SmartDevice s : site.sapcs()) {
                    assets += ProfileReads.net(src.get(s.eui()), idx);
                }
                long primary = boundary - assets;
                long household = -Math.round(site.trueDemandWmin(from, to) / 60.0);
                boolean ok = Math.abs(primary - household) <= 1 + site.sapcs().size();
                bad += ok ? 0 : 1;
                out.printf("  %-8s %s-%s%s %9.3f %9.3f %9.3f %10.3f  %s%n", site.id(), HHMM.format(from), HHMM.format(to),
                        from.isBefore(LIMIT_FROM) ? " " : "*", boundary / 1000.0, assets / 1000.0, primary / 1000.0,
                        household / 1000.0, ok ? "ok" : "MISMATCH");
            }
        }
        out.printf("%nThe primary volume equals each household's demand in %s; the boundary meter alone (what an in-home%n"
                + "display shows) does not, because the assets' flows pass through it.%n", bad == 0 ? "every period"
                : "all but " + bad + " periods");
        if (bad > 0) {
            throw new UserError(ExitCodes.CHECK_FAILED, bad + " settlement periods do not balance");
        }
    }

    /** Reads 4.8.1 (import, protected) and 4.8.3 (export) over [from, to) for every device: [imports..., exports...]. */
    private Map<Eui64, long[]> readProfiles(Fleet fleet, Instant from, Instant to) throws Exception {
        // Capture times (from, to]: the half-hours that lie inside the window.
        Instant first = from.plus(Duration.ofMinutes(30));
        String period = "<sr:ReadLogPeriod><sr:StartDateTime>" + first + "</sr:StartDateTime><sr:EndDateTime>" + to
                + "</sr:EndDateTime></sr:ReadLogPeriod>";
        Map<String, Eui64> byRequest = new HashMap<>();
        Map<String, String> kind = new HashMap<>();
        for (SmartDevice d : fleet.devices()) {
            for (String srv : List.of("4.8.1", "4.8.3")) {
                String body = srv.equals("4.8.1") ? "<sr:ReadActiveImportProfileData>" + period + "</sr:ReadActiveImportProfileData>"
                        : "<sr:ReadExportProfileData>" + period + "</sr:ReadExportProfileData>";
                String id = dcc.request(supplier, d.eui(), srv, body);
                byRequest.put(id, d.eui());
                kind.put(id, srv);
            }
        }
        int periods = (int) (Duration.between(from, to).toMinutes() / 30);
        Map<Eui64, long[]> out = new HashMap<>();
        MessageInspector inspector = new MessageInspector(new GbcsFrameDecoder(), security);
        for (DuisClient.Reply r : answers(supplier, byRequest.size())) {
            Eui64 device = byRequest.get(r.requestId());
            Inspection in = inspector.inspect(r.gbcs());
            HalfHourProfile p = ProfileReads.of(in);
            if (p == null) {
                throw new UserError(ExitCodes.CHECK_FAILED, "the answer to " + r.requestId() + " holds no profile");
            }
            long[] v = out.computeIfAbsent(device, k -> new long[2 * periods]);
            int offset = "4.8.1".equals(kind.get(r.requestId())) ? 0 : periods;
            for (int i = 0; i < Math.min(periods, p.entries().size()); i++) {
                v[offset + i] = p.entries().get(i).value();
            }
        }
        return out;
    }

    private List<DuisClient.Reply> answers(DuisClient.Identity who, int n) throws Exception {
        List<DuisClient.Reply> got = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (got.size() < n && System.nanoTime() < deadline) {
            DuisClient.Reply r = client.poll(who, Duration.ofSeconds(5));
            if (r != null) {
                if (r.alertCode() == null && !"I0".equals(r.code())) {
                    throw new UserError(ExitCodes.CHECK_FAILED, "a device answered " + r.code() + " to " + r.requestId());
                }
                got.add(r);
            }
        }
        if (got.size() < n) {
            throw new UserError(ExitCodes.CHECK_FAILED, "only " + got.size() + " of " + n + " answers arrived");
        }
        return got;
    }

    /** After a failure, what the devices refused and why: the first place to look. */
    private void explain(Fleet fleet) {
        for (SmartDevice d : fleet.devices()) {
            for (var r : d.securityLog()) {
                out.printf("  device %s refused a command at %s: %s (%s)%n", d.eui(), r.at(), r.reason(), r.detail());
            }
        }
        out.flush();
    }

    private void step(String what, Object... args) {
        out.printf("[%s] %s%n", HHMM.format(clock.now()), String.format(what, args));
        out.flush();
    }

    private void waitUntil(Instant t) throws InterruptedException {
        Duration d = Duration.between(clock.now(), t);
        if (!d.isNegative()) {
            Thread.sleep(clock.realTimeFor(d).toMillis() + 20);
        }
    }

    private static FleetSpec fleetSpec() {
        FleetSpec.Trust trust = new FleetSpec.Trust(SUPPLIER.toString(), null, ACB.toString(), null);
        return new FleetSpec(Instant.parse("2026-06-01T00:00:00Z"), trust, List.of(
                site("home-1", "00DB000000010001", new Object[] {"00DB000000020001", AssetType.BATTERY}),
                site("home-2", "00DB000000010002", new Object[] {"00DB000000020002", AssetType.HEAT_PUMP},
                        new Object[] {"00DB000000020003", AssetType.EV_CHARGER}),
                site("home-3", "00DB000000010003", new Object[] {"00DB000000020004", AssetType.HEAT_PUMP})), null, null);
    }

    private static FleetSpec.SiteSpec site(String id, String esme, Object[]... assets) {
        List<FleetSpec.AssetSpec> list = new ArrayList<>();
        for (Object[] a : assets) {
            list.add(new FleetSpec.AssetSpec((String) a[0], (AssetType) a[1], null, null, 1, null, null, List.of()));
        }
        return new FleetSpec.SiteSpec(id, esme, null, list);
    }

    /** The demo's test PKI is derived from a seed kept in the data directory, made on first run. */
    private static byte[] pkiSeed(Path dir) throws IOException {
        Path f = dir.resolve("pki-seed");
        if (Files.exists(f)) {
            try {
                return Hex.decode(Files.readString(f, StandardCharsets.US_ASCII).trim());
            } catch (org.dccsim.gbcs.GbcsDecodeException e) {
                throw new UserError(ExitCodes.BAD_INPUT, f + " is damaged; delete it to make a new test PKI");
            }
        }
        Files.createDirectories(dir);
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        Files.writeString(f, Hex.encode(seed) + "\n", StandardCharsets.US_ASCII);
        return seed;
    }
}
