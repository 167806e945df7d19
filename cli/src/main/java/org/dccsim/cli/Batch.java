package org.dccsim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisResponse;
import org.dccsim.duis.XmlNode;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.inspect.MessageInspector;
import org.dccsim.lab.ClientProfile;

/**
 * A verb sent to many devices from one process: at most {@code --concurrency} requests in flight, each device's
 * outcome on a line (table, JSON or CSV) and a summary. The exit code is the worst outcome's: unreachable (6), refused
 * by the head-end (3), not carried out by the device (4), unanswered (5), else 0.
 */
final class Batch {
    /** One device's outcome. */
    record Row(String device, String user, String code, String result, List<String> alerts, long millis, int exit) {
    }

    private static final List<Integer> SEVERITY = List.of(ExitCodes.UNREACHABLE, ExitCodes.BAD_INPUT, ExitCodes.REFUSED,
            ExitCodes.DEVICE_ERROR, ExitCodes.TIMEOUT, ExitCodes.CHECK_FAILED, ExitCodes.OK);

    private Batch() {
    }

    static int run(SrVerbs.ControllerPeriodVerb v, String srv) {
        v.options = v.options.over(v.parent == null ? null : v.parent.options);
        String format = v.options.json ? "json" : v.format;
        if (!List.of("table", "json", "csv").contains(format)) {
            throw new UserError(ExitCodes.BAD_INPUT, "--format must be table, json or csv");
        }
        try (SrSession s = new SrSession(v.options)) {
            v.session = s;
            XmlNode body = v.body();
            List<DeviceList.Target> targets;
            if (v.devicesFile != null) {
                targets = DeviceList.read(v.devicesFile);
            } else {
                if (v.options.lab == null) {
                    throw new UserError(ExitCodes.BAD_INPUT, "--tag needs --lab (tags come from the lab's devices.csv)");
                }
                targets = DeviceList.tagged(HeadEndCommand.HeadEndOptions.open(v.options.lab).devicesFile(), v.tag);
            }
            // A batch goes to meters: a site's hub takes only the hub's SRVs (8.11, 8.9), which no batch verb sends.
            targets = targets.stream().filter(t -> !t.type().equalsIgnoreCase("CHF")).toList();
            if ("7.16".equals(srv)) {
                targets = targets.stream().filter(t -> !t.type().equalsIgnoreCase("ESME")).toList();
            }
            if (targets.isEmpty()) {
                throw new UserError(ExitCodes.BAD_INPUT, "no devices to send " + srv + " to"
                        + (v.tag != null ? " (nothing tagged " + v.tag + ")" : ""));
            }
            long started = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(v.concurrency, targets.size()), r -> {
                Thread t = new Thread(r, "dccsim-batch");
                t.setDaemon(true);
                return t;
            });
            List<Future<Row>> futures = new ArrayList<>();
            for (DeviceList.Target t : targets) {
                // A device's own VLP (the lab's devices.csv) sends its limit, unless --as says who.
                ClientProfile.Client user = v.options.as == null && "7.16".equals(srv) && !t.vlp().isEmpty() ? s.user(t.vlp())
                        : s.userFor(srv);
                futures.add(pool.submit(() -> one(s, user, t, srv, body)));
            }
            List<Row> rows = new ArrayList<>();
            for (Future<Row> f : futures) {
                try {
                    rows.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UserError(ExitCodes.TIMEOUT, "interrupted");
                }
            }
            pool.shutdownNow();
            print(v.spec.commandLine().getOut(), v.spec.commandLine().getErr(), format, srv, rows,
                    (System.nanoTime() - started) / 1e9);
            return rows.stream().map(Row::exit).min((a, b) -> Integer.compare(SEVERITY.indexOf(a), SEVERITY.indexOf(b)))
                    .orElse(ExitCodes.OK);
        }
    }

    private static Row one(SrSession s, ClientProfile.Client user, DeviceList.Target t, String srv, XmlNode body) {
        long t0 = System.nanoTime();
        String device = t.eui().toString();
        try {
            SrSession.Outcome o = s.send(user, t.eui(), srv, body);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            List<String> alerts = o.alerts().stream().map(a -> a.alertCode().orElse("?")).toList();
            DuisResponse a = o.answer();
            if (a == null) {
                return new Row(device, user.name(), "I99", "accepted (--no-wait)", alerts, ms, ExitCodes.OK);
            }
            if (!DuisCodes.I0.equals(a.code())) {
                return new Row(device, user.name(), a.code(), DuisCodes.meaning(a.code()), alerts, ms,
                        DuisCodes.E21.equals(a.code()) ? ExitCodes.TIMEOUT : ExitCodes.DEVICE_ERROR);
            }
            List<String> failed = List.of();
            if (a.content().gbcs().isPresent()) {
                try {
                    failed = DeviceResults.failed(new MessageInspector(new GbcsFrameDecoder(), s.readingKeys(user))
                            .inspect(a.content().gbcs().get()));
                } catch (GbcsDecodeException e) {
                    return new Row(device, user.name(), a.code(), "answer does not decode: " + e.getMessage(), alerts, ms,
                            ExitCodes.CHECK_FAILED);
                }
            }
            return failed.isEmpty() ? new Row(device, user.name(), a.code(), "ok", alerts, ms, ExitCodes.OK)
                    : new Row(device, user.name(), a.code(), String.join("; ", failed), alerts, ms, ExitCodes.DEVICE_ERROR);
        } catch (UserError e) {
            String code = e.getMessage().matches(".*: (E\\d+) \\(.*") ? e.getMessage().replaceAll(".*: (E\\d+) \\(.*", "$1") : "-";
            return new Row(device, user.name(), code, e.getMessage(), List.of(), (System.nanoTime() - t0) / 1_000_000,
                    e.exitCode());
        }
    }

    private static void print(PrintWriter out, PrintWriter err, String format, String srv, List<Row> rows, double seconds) {
        long ok = rows.stream().filter(r -> r.exit() == ExitCodes.OK).count();
        Map<String, Long> byOutcome = new LinkedHashMap<>();
        for (Row r : rows) {
            byOutcome.merge(r.exit() == ExitCodes.OK ? "ok" : r.exit() == ExitCodes.DEVICE_ERROR ? "device error"
                    : r.exit() == ExitCodes.REFUSED ? "refused" : r.exit() == ExitCodes.TIMEOUT ? "no answer" : "failed", 1L,
                    Long::sum);
        }
        String summary = String.format("%s: %d devices, %s in %.1f s", srv, rows.size(), byOutcome, seconds);
        switch (format) {
            case "json" -> {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("srv", srv);
                j.put("devices", rows.size());
                j.put("ok", ok);
                j.put("outcomes", byOutcome);
                j.put("seconds", Math.round(seconds * 10) / 10.0);
                j.put("results", rows);
                try {
                    out.println(new ObjectMapper().writeValueAsString(j));
                } catch (IOException e) {
                    throw new UserError(ExitCodes.INTERNAL_ERROR, "cannot write JSON: " + e.getMessage());
                }
            }
            case "csv" -> {
                out.println("device,user,code,result,alerts,ms");
                for (Row r : rows) {
                    out.printf("%s,%s,%s,\"%s\",%s,%d%n", r.device(), r.user(), r.code(), r.result().replace("\"", "'"),
                            String.join(" ", r.alerts()), r.millis());
                }
                err.println(summary);
                err.flush();
            }
            default -> {
                out.printf("%-18s %-18s %-5s %7s  %-10s %s%n", "device", "user", "code", "ms", "alerts", "result");
                for (Row r : rows) {
                    out.printf("%-18s %-18s %-5s %7d  %-10s %s%n", r.device(), r.user(), r.code(), r.millis(),
                            String.join(" ", r.alerts()), r.result());
                }
                out.println(summary);
            }
        }
        out.flush();
    }
}
