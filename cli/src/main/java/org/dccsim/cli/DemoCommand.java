package org.dccsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dccsim.clock.ScaledClock;
import org.dccsim.device.DeviceType;
import org.dccsim.device.Device;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.device.fleet.FleetSpec;
import org.dccsim.device.model.AssetType;
import org.dccsim.duis.Bodies;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisResponse;
import org.dccsim.duis.RequestId;
import org.dccsim.duis.XmlNode;
import org.dccsim.duis.client.DuisClientException;
import org.dccsim.duis.client.Inbox;
import org.dccsim.drill.ProfileReads;
import org.dccsim.drill.Settlement;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.Hex;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.KeyUsage;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.inspect.Inspection;
import org.dccsim.gbcs.inspect.MessageInspector;
import org.dccsim.gbcs.usecase.HalfHourProfile;
import org.dccsim.gbcs.usecase.LoadControllerCredentials;
import org.dccsim.lab.ClientProfile;
import org.dccsim.lab.EmbeddedDcc;
import org.dccsim.lab.Organisations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
    static final Eui64 ACB = Organisations.ACB;
    static final Eui64 SUPPLIER = Organisations.SUPPLIER;
    static final Eui64 VLP = Organisations.vlp(1);
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
    private GbcsSecurity security;
    private ScaledClock clock;
    private ClientProfile.Client supplier;
    private ClientProfile.Client vlp;
    private Inbox supplierInbox;
    private Inbox vlpInbox;
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
        Organisations orgs = Organisations.generate(Organisations.standard(1), rnd);
        // The devices trust the supplier and the DCC; the VLP's Load Controller credentials come later (CS02g).
        try (EmbeddedDcc dcc = EmbeddedDcc.builder().organisations(orgs, "dccsim-demo/" + Hex.encode(seed)).fleet(fleetSpec())
                .clock(clock).deviceTimeout(Duration.ofSeconds(20)).start()) {
            this.dcc = dcc;
            security = dcc.headEnd().security();
            supplier = dcc.client("supplier");
            vlp = dcc.client("vlp1");
            try (Inbox supplierInbox = new Inbox(dcc.duis("supplier"), supplier.identity(), 200);
                 Inbox vlpInbox = new Inbox(dcc.duis("vlp1"), vlp.identity(), 200)) {
                this.supplierInbox = supplierInbox;
                this.vlpInbox = vlpInbox;
                dcc.awaitDevices(Duration.ofSeconds(10));
                try {
                    story(dcc.fleet(), orgs, dcc.duisBase(), dcc.headEnd().wanPort());
                } catch (UserError e) {
                    explain(dcc.fleet());
                    throw e;
                }
            }
        }
        return ExitCodes.OK;
    }

    /** Sends a request as {@code who} (the critical flow for critical SRVs); its answer comes to who's inbox. */
    private RequestId send(ClientProfile.Client who, Eui64 device, String srv, XmlNode body) throws DuisClientException {
        return dcc.duis(who.name()).submit(who.identity(), device, srv, body, org.dccsim.srv.SrvCatalogue.standard().get(srv).orElseThrow().critical(), security);
    }

    private DuisResponse answer(Inbox inbox, RequestId id) throws DuisClientException {
        DuisResponse r = inbox.await(id, Duration.ofSeconds(60));
        if (!DuisCodes.I0.equals(r.code())) {
            throw new UserError(ExitCodes.CHECK_FAILED, "a device answered " + r.code() + " to " + id);
        }
        return r;
    }

    private void story(Fleet fleet, Organisations orgs, String base, int wan) throws Exception {
        List<Device> sapcs = fleet.devices().stream().filter(d -> d.type() == DeviceType.SAPC).toList();
        out.printf("dccsim demo: a VLP's afternoon under BSC P375, through the real DUIS and GBCS paths%n");
        out.printf("  head-end: DUIS on %s, WAN on 127.0.0.1:%d; %d sites, %d devices; %s simulated minutes a second%n%n",
                base, wan, fleet.sites().size(), fleet.devices().size(), new java.text.DecimalFormat("0.#").format(speed / 60));

        step("the supplier installs the VLP's Load Controller credentials on %d SAPCs (6.15.1, CS02g)", sapcs.size());
        XmlNode install = Bodies.updateSecurityCredentials("LoadController",
                orgs.gbcsCertificate(VLP, KeyUsage.DS).getEncoded(), orgs.gbcsCertificate(VLP, KeyUsage.KA).getEncoded(),
                List.of(orgs.issuingCa().certificate().getEncoded()));
        List<RequestId> installs = new ArrayList<>();
        for (Device s : sapcs) {
            installs.add(send(supplier, s.eui(), "6.15.1", install));
        }
        int installed = 0;
        for (RequestId id : installs) {
            DuisResponse r = answer(supplierInbox, id);
            var m = new GbcsFrameDecoder().decode(r.content().gbcs().orElseThrow());
            var result = LoadControllerCredentials.decodeResponse(m.apdu().content());
            if (result.isPresent() && result.get().allReplaced()) {
                installed++;
            }
        }
        out.printf("         %d of %d SAPCs now trust the VLP %s as their Load Controller%n", installed, sapcs.size(), VLP);

        step("the VLP limits APC 1 of every SAPC to 20 %% from 17:00 to 19:00 (7.16: transform, VLP signs, send)");
        List<RequestId> limits = new ArrayList<>();
        for (Device s : sapcs) {
            limits.add(send(vlp, s.eui(), "7.16", Bodies.limitApcLevel(1, LIMIT_FROM, LIMIT_TO, 20)));
        }
        // Sorted: answers and alerts from several devices arrive interleaved, in no fixed order.
        Map<String, Integer> seen = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        for (RequestId id : limits) {
            seen.merge("response " + answer(vlpInbox, id).code(), 1, Integer::sum);
        }
        for (Device s : sapcs) {
            vlpInbox.awaitAlerts(s.eui(), 1, Duration.ofSeconds(30))
                    .forEach(a -> seen.merge("alert " + a.alertCode().orElse("?"), 1, Integer::sum));
        }
        out.printf("         received: %s (8F86: Limit APC level command processed, ECS101)%n", seen);

        waitUntil(LIMIT_FROM);
        step("the supplier reads the half-hour profiles 16:00-17:00 of every boundary meter and SAPC (4.8.1, 4.8.3)");
        Map<Eui64, long[]> before = readProfiles(fleet, START, LIMIT_FROM);
        out.printf("         %d profiles read%n", before.size());

        waitUntil(LIMIT_TO.plusSeconds(60));
        step("the limits end at 19:00");
        Map<String, Integer> ended = new LinkedHashMap<>();
        for (Device s : sapcs) {
            List<DuisResponse> alerts = vlpInbox.awaitAlerts(s.eui(), 2, Duration.ofSeconds(30));
            alerts.stream().skip(1).forEach(a -> ended.merge("alert " + a.alertCode().orElse("?"), 1, Integer::sum));
        }
        out.printf("         received: %s (Limit APC level ended, ECS102)%n", ended);

        step("the supplier reads the profiles 17:00-19:00 again");
        Map<Eui64, long[]> during = readProfiles(fleet, LIMIT_FROM, LIMIT_TO);
        out.printf("         %d profiles read%n%n", during.size());
        p375(fleet, before, during);
    }

    /**
     * P375 settlement of 16:00-19:00 by the drills' own code (Settlement), so the demo and the drills settle
     * one way: profiles read in two windows are joined into one, per device [imports..., exports...].
     */
    private void p375(Fleet fleet, Map<Eui64, long[]> before, Map<Eui64, long[]> during) {
        Map<Eui64, long[]> whole = new HashMap<>();
        for (Map.Entry<Eui64, long[]> e : before.entrySet()) {
            long[] a = e.getValue();
            long[] b = during.get(e.getKey());
            if (b != null) {
                whole.put(e.getKey(), ProfileReads.join(a, b));
            }
        }
        out.println("P375 per site and half-hour 16:00-19:00 (the APC limits held 17:00-19:00), checked against the household's");
        out.println("true demand, which the simulator knows:");
        org.dccsim.drill.DrillReport.Settlement settled = Settlement.settle(fleet, whole, START, LIMIT_TO, true, out);
        int bad = settled.mismatchedPeriods();
        int unread = settled.incompleteSites().size();
        out.printf("%nThe primary volume equals each household's demand in %s; the boundary meter alone (what an in-home%n"
                + "display shows) does not, because the assets' flows pass through it.%n", bad == 0 && unread == 0
                ? "every period" : "all but " + bad + " periods (" + unread + " sites not fully read)");
        if (bad > 0 || unread > 0) {
            throw new UserError(ExitCodes.CHECK_FAILED, bad + " settlement periods do not balance, " + unread
                    + " sites not fully read");
        }
    }

    /** Reads 4.8.1 (import, protected) and 4.8.3 (export) over [from, to) for every device: [imports..., exports...]. */
    private Map<Eui64, long[]> readProfiles(Fleet fleet, Instant from, Instant to) throws Exception {
        // Capture times (from, to]: the half-hours that lie inside the window.
        Instant first = from.plus(Duration.ofMinutes(30));
        Map<RequestId, Eui64> byRequest = new LinkedHashMap<>();
        Map<RequestId, String> kind = new HashMap<>();
        for (Device d : fleet.devices()) {
            for (String srv : List.of("4.8.1", "4.8.3")) {
                XmlNode body = Bodies.readLog(srv.equals("4.8.1") ? "ReadActiveImportProfileData" : "ReadExportProfileData",
                        first, to, null);
                RequestId id = send(supplier, d.eui(), srv, body);
                byRequest.put(id, d.eui());
                kind.put(id, srv);
            }
        }
        int periods = (int) (Duration.between(from, to).toMinutes() / 30);
        Map<Eui64, long[]> out = new HashMap<>();
        MessageInspector inspector = new MessageInspector(new GbcsFrameDecoder(), security);
        for (Map.Entry<RequestId, Eui64> e : byRequest.entrySet()) {
            DuisResponse r = answer(supplierInbox, e.getKey());
            Inspection in = inspector.inspect(r.content().gbcs().orElseThrow());
            HalfHourProfile p = ProfileReads.of(in);
            if (p == null) {
                throw new UserError(ExitCodes.CHECK_FAILED, "the answer to " + e.getKey() + " holds no profile");
            }
            long[] v = out.computeIfAbsent(e.getValue(), k -> new long[2 * periods]);
            int offset = "4.8.1".equals(kind.get(e.getKey())) ? 0 : periods;
            for (int i = 0; i < Math.min(periods, p.entries().size()); i++) {
                v[offset + i] = p.entries().get(i).value();
            }
        }
        return out;
    }

    /** After a failure, what the devices refused and why: the first place to look. */
    private void explain(Fleet fleet) {
        for (Device d : fleet.devices()) {
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
