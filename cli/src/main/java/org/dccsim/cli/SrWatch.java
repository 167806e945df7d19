package org.dccsim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dccsim.duis.DuisResponse;
import org.dccsim.duis.client.DuisClient;
import org.dccsim.duis.client.DuisClientException;
import org.dccsim.lab.ClientProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dccsim sr watch}: the answers and alerts nobody claimed, as they come: an untagged long-poll takes only what
 * no client is waiting for (or what a client that went away left behind), so watching never steals another tool's
 * answers. Each message is acknowledged once printed.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Print the answers and alerts for a user that no client claimed, as they arrive (Ctrl-C to stop).",
        footer = ExitCodes.HELP + "%nExamples:%n  dccsim sr --lab my-lab --as vlp1 watch%n"
                + "  dccsim sr watch --as supplier --for 60 --json%n")
final class SrWatch implements Callable<Integer> {
    @Mixin
    SrSession.Options options;

    @ParentCommand
    SrCommand parent;

    @Option(names = "--for", paramLabel = "SECONDS", description = "Stop after this many seconds (default: until Ctrl-C).")
    Long seconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        options = options.over(parent == null ? null : parent.options);
        PrintWriter out = spec.commandLine().getOut();
        try (SrSession s = new SrSession(options)) {
            ClientProfile.Client who = options.as != null ? s.user(options.as) : s.users().get(0);
            List<java.security.cert.X509Certificate> dsp = new ArrayList<>();
            s.users().forEach(u -> dsp.addAll(u.dspCertificates()));
            // A client with no tag of its own: only unclaimed messages come to it.
            try (DuisClient client = DuisClient.untagged(URI.create(s.headend().toString()), dsp)) {
                watch(out, s, who, client);
            }
        }
        return ExitCodes.OK;
    }

    private void watch(PrintWriter out, SrSession s, ClientProfile.Client who, DuisClient client) {
        out.printf("watching %s's unclaimed answers and alerts at %s%n", who, s.headend());
        out.flush();
        long until = seconds == null ? Long.MAX_VALUE : System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Long> acks = new ArrayList<>();
        while (System.nanoTime() < until) {
            List<DuisClient.Delivered> got;
            try {
                got = client.poll(who.identity(), Duration.ofSeconds(Math.max(1, Math.min(20,
                        (until - System.nanoTime()) / 1_000_000_000L))), 100, acks, true);
            } catch (DuisClientException e) {
                throw s.failure(e);
            }
            acks.clear();
            for (DuisClient.Delivered d : got) {
                print(out, d.response());
                acks.add(d.seq());
            }
        }
        if (!acks.isEmpty()) {
            try {
                client.poll(who.identity(), Duration.ZERO, 0, acks, true);
            } catch (DuisClientException e) {
                throw s.failure(e);
            }
        }
    }

    private void print(PrintWriter out, DuisResponse r) {
        if (options.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("responseCode", r.code());
            m.put("requestId", r.requestId());
            m.put("responseId", r.responseId());
            m.put("srv", r.srv());
            m.put("alertCode", r.alertCode().orElse(null));
            m.put("dateTime", r.dateTime().toString());
            try {
                out.println(new ObjectMapper().writeValueAsString(m));
            } catch (IOException e) {
                throw new UserError(ExitCodes.INTERNAL_ERROR, "cannot write JSON: " + e.getMessage());
            }
        } else if (r.isAlert()) {
            out.printf("%s alert %s %s from %s%n", r.dateTime(), r.alertCode().orElse("?"),
                    DeviceResults.alertName(r.alertCode().orElse("")), r.responseId());
        } else {
            String schedule = r.content() instanceof org.dccsim.duis.DuisResponse.Content.Scheduled x
                    ? ", DSP schedule " + x.scheduleId() : "";
            out.printf("%s answer %s to %s (%s%s)%n", r.dateTime(), r.code(), r.requestId(), r.srv(), schedule);
        }
        out.flush();
    }
}
