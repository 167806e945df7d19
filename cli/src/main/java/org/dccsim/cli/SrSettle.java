package org.dccsim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.device.fleet.FleetSpec;
import org.dccsim.device.fleet.FleetSpecException;
import org.dccsim.device.fleet.FleetSpecs;
import org.dccsim.duis.Bodies;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.UserRole;
import org.dccsim.drill.ProfileReads;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.inspect.MessageInspector;
import org.dccsim.gbcs.usecase.HalfHourProfile;
import org.dccsim.lab.ClientProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dccsim sr settle}: the P375 table from the meters themselves. For each site it reads the boundary meter's and
 * every asset meter's active import and export profiles (4.8.1, 4.8.3, as the supplier), matches their half-hours by
 * timestamp, and prints per half-hour the boundary's net import, the assets' net import and the primary volume
 * {@code primary = boundary - sum(assets)} (BSC P375).
 *
 * <p>Conventions, the same as the drills' and the demo's: a half-hour is labelled by its start (the settlement
 * period; a meter's profile entry carries its end), and volumes are net import in Wh, import positive.
 */
@Command(name = "settle", mixinStandardHelpOptions = true,
        description = "Read the boundary and asset meters' half-hour profiles of sites and print the P375 table "
                + "(primary = boundary - sum(assets); net import in Wh, import positive; half-hours by their start).",
        footer = ExitCodes.HELP + "%nExamples:%n  dccsim sr --lab my-lab settle --from now-3h --to now%n"
                + "  dccsim sr settle --site rtds-site --from 2026-06-01T16:00:00Z --to 2026-06-01T19:00:00Z --json%n")
final class SrSettle implements Callable<Integer> {
    @Mixin
    SrSession.Options options;

    @ParentCommand
    SrCommand parent;

    @Option(names = "--site", paramLabel = "ID", description = "Only these sites (repeatable; default: all).")
    List<String> sites;

    @Option(names = "--fleet", paramLabel = "FILE", description = "Where the sites are (default: the lab's devices.csv, "
            + "else the built-in RTDS site).")
    Path fleetFile;

    @Option(names = "--from", required = true, paramLabel = "TIME", description = "Start of the first half-hour (an "
            + "instant, or now-3h, 16:00, ...; rounded down to the half-hour).")
    String from;

    @Option(names = "--to", required = true, paramLabel = "TIME", description = "End of the last half-hour (rounded down).")
    String to;

    @Option(names = "--concurrency", defaultValue = "8", paramLabel = "N", description = "Reads in flight (default "
            + "${DEFAULT-VALUE}).")
    int concurrency;

    @Spec
    CommandSpec spec;

    /** A site: its boundary meter and asset meters. */
    record Site(String id, Eui64 boundary, List<Eui64> assets) {
    }

    /** One half-hour of one site, net import in Wh. */
    record Period(String site, String start, long boundaryWh, long assetsWh, long primaryWh) {
    }

    @Override
    public Integer call() {
        options = options.over(parent == null ? null : parent.options);
        if (concurrency < 1 || concurrency > 64) {
            throw new UserError(ExitCodes.BAD_INPUT, "--concurrency must be 1 to 64");
        }
        try (SrSession s = new SrSession(options)) {
            Instant f = halfHour(SrTime.parse("--from", from, s::headEndNow));
            Instant t = halfHour(SrTime.parse("--to", to, s::headEndNow, f));
            if (!f.isBefore(t) || Duration.between(f, t).toDays() > 31) {
                throw new UserError(ExitCodes.BAD_INPUT, "--from must be before --to, and at most 31 days apart");
            }
            List<Site> chosen = sites();
            ClientProfile.Client supplier = options.as != null ? s.user(options.as)
                    : s.users().stream().filter(u -> u.roles().contains(UserRole.SUPPLIER)).findFirst()
                            .orElseThrow(() -> new UserError(ExitCodes.BAD_INPUT, "no supplier in the profile to read with"));
            Map<Eui64, Map<Instant, Long>> net = read(s, supplier, chosen, f, t);
            List<Period> periods = new ArrayList<>();
            for (Site site : chosen) {
                for (Instant p = f; p.isBefore(t); p = p.plus(Duration.ofMinutes(30))) {
                    long b = net.get(site.boundary()).getOrDefault(p, 0L);
                    long a = 0;
                    for (Eui64 asset : site.assets()) {
                        a += net.get(asset).getOrDefault(p, 0L);
                    }
                    periods.add(new Period(site.id(), p.toString(), b, a, b - a));
                }
            }
            print(spec.commandLine().getOut(), periods);
            return ExitCodes.OK;
        }
    }

    private static Instant halfHour(Instant t) {
        return Instant.ofEpochSecond(t.getEpochSecond() - Math.floorMod(t.getEpochSecond(), 1800));
    }

    private List<Site> sites() {
        List<Site> all = new ArrayList<>();
        if (fleetFile == null && options.lab != null) {
            Map<String, Site> bySite = new LinkedHashMap<>();
            for (DeviceList.Target d : DeviceList.read(HeadEndCommand.HeadEndOptions.open(options.lab).devicesFile())) {
                if (d.type().equalsIgnoreCase("CHF")) {
                    continue; // the site's communications hub meters nothing
                }
                Site s = bySite.computeIfAbsent(d.site(), k -> new Site(k, null, new ArrayList<>()));
                if (d.type().equalsIgnoreCase("ESME")) {
                    bySite.put(d.site(), new Site(d.site(), d.eui(), s.assets()));
                } else {
                    s.assets().add(d.eui());
                }
            }
            all.addAll(bySite.values());
        } else {
            try {
                FleetSpec spec = fleetFile == null ? Fleet.rtdsSpec() : FleetSpecs.read(fleetFile);
                for (FleetSpec.SiteSpec s : Fleet.sites(spec)) {
                    all.add(new Site(s.id(), Eui64.parse(s.esme()), s.assets() == null ? List.of()
                            : s.assets().stream().map(a -> Eui64.parse(a.sapc())).distinct().toList()));
                }
            } catch (FleetSpecException e) {
                throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
            }
        }
        List<Site> chosen = sites == null ? all : all.stream().filter(x -> sites.contains(x.id())).toList();
        if (chosen.isEmpty() || chosen.stream().anyMatch(x -> x.boundary() == null)) {
            throw new UserError(ExitCodes.BAD_INPUT, "no such site" + (sites == null ? "" : " " + sites) + " (known: "
                    + all.stream().map(Site::id).limit(20).toList() + ")");
        }
        return chosen;
    }

    /** Net import per half-hour start, per meter: import minus export, read concurrently. */
    private Map<Eui64, Map<Instant, Long>> read(SrSession s, ClientProfile.Client who, List<Site> chosen, Instant f, Instant t) {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread th = new Thread(r, "dccsim-settle");
            th.setDaemon(true);
            return th;
        });
        Map<Eui64, Future<Map<Instant, Long>>> imports = new LinkedHashMap<>();
        Map<Eui64, Future<Map<Instant, Long>>> exports = new LinkedHashMap<>();
        for (Site site : chosen) {
            List<Eui64> meters = new ArrayList<>(site.assets());
            meters.add(0, site.boundary());
            for (Eui64 m : meters) {
                imports.put(m, pool.submit(() -> profile(s, who, m, "4.8.1", f, t)));
                exports.put(m, pool.submit(() -> profile(s, who, m, "4.8.3", f, t)));
            }
        }
        Map<Eui64, Map<Instant, Long>> net = new LinkedHashMap<>();
        try {
            for (Eui64 m : imports.keySet()) {
                Map<Instant, Long> n = new LinkedHashMap<>(imports.get(m).get());
                exports.get(m).get().forEach((k, v) -> n.merge(k, -v, Long::sum));
                net.put(m, n);
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UserError u ? u : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError(ExitCodes.TIMEOUT, "interrupted");
        } finally {
            pool.shutdownNow();
        }
        return net;
    }

    /** One profile, its entries keyed by their half-hour's start. */
    private static Map<Instant, Long> profile(SrSession s, ClientProfile.Client who, Eui64 meter, String srv, Instant f,
            Instant t) {
        // Capture times (f, t]: the entries of the half-hours that start in [f, t).
        SrSession.Outcome o = s.send(who, meter, srv, Bodies.readLog("4.8.1".equals(srv) ? "ReadActiveImportProfileData"
                : "ReadExportProfileData", f.plus(Duration.ofMinutes(30)), t, null));
        SrSession.deviceSucceeded(o);
        if (o.answer() == null || !DuisCodes.I0.equals(o.answer().code()) || o.answer().content().gbcs().isEmpty()) {
            throw new UserError(ExitCodes.DEVICE_ERROR, meter + " answered " + srv + " without a profile");
        }
        HalfHourProfile p;
        try {
            p = ProfileReads.of(new MessageInspector(new GbcsFrameDecoder(), s.readingKeys(who))
                    .inspect(o.answer().content().gbcs().get()));
        } catch (GbcsDecodeException e) {
            throw new UserError(ExitCodes.CHECK_FAILED, meter + "'s " + srv + " answer does not decode: " + e.getMessage());
        }
        if (p == null) {
            throw new UserError(ExitCodes.CHECK_FAILED, meter + "'s " + srv + " answer holds no profile it can read");
        }
        Map<Instant, Long> out = new LinkedHashMap<>();
        for (HalfHourProfile.Entry e : p.entries()) {
            out.put(e.timestamp().minus(Duration.ofMinutes(30)), e.value());
        }
        return out;
    }

    private void print(PrintWriter out, List<Period> periods) {
        if (options.json) {
            try {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("convention", "net import in Wh (import positive); half-hours by their start (UTC)");
                j.put("periods", periods);
                out.println(new ObjectMapper().writeValueAsString(j));
            } catch (IOException e) {
                throw new UserError(ExitCodes.INTERNAL_ERROR, "cannot write JSON: " + e.getMessage());
            }
        } else {
            out.println("P375 per site and half-hour (start, UTC): net import in Wh, import positive; "
                    + "primary = boundary - sum(assets)");
            out.printf("  %-12s %-20s %10s %10s %10s%n", "site", "half-hour", "boundary", "assets", "primary");
            for (Period p : periods) {
                out.printf("  %-12s %-20s %10d %10d %10d%n", p.site(), p.start(), p.boundaryWh(), p.assetsWh(), p.primaryWh());
            }
        }
        out.flush();
    }
}
