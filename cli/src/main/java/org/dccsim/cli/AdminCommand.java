package org.dccsim.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dccsim admin ...}: look at and steer a running head-end. */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Look at and steer a running head-end.",
        subcommands = {AdminCommand.Clock.class, AdminCommand.Health.class}, footer = ExitCodes.HELP)
final class AdminCommand {
    /** Where the head-end is and where its admin token lives. */
    static final class Target {
        @Option(names = "--headend", paramLabel = "URL", description = "The head-end's DUIS base URL (default: the lab's, "
                + "else http://127.0.0.1:8079).")
        String headend;

        @Option(names = "--lab", paramLabel = "DIR", description = "The lab the head-end serves (its data/admin.token).")
        Path lab;

        @Option(names = "--data", paramLabel = "DIR", description = "The head-end's data directory (default: the lab's "
                + "data/, else dccsim-data), where admin.token is.")
        Path data;

        URI base() {
            String url = headend;
            if (url == null && lab != null) {
                url = "http://127.0.0.1:" + HeadEndCommand.HeadEndOptions.open(lab).spec().duisPort();
            }
            try {
                return URI.create((url == null ? "http://127.0.0.1:8079" : url).replaceAll("/+$", ""));
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCodes.BAD_INPUT, "--headend " + url + " is not a URL");
            }
        }

        String token() {
            Path f = (data != null ? data : lab != null ? lab.resolve("data") : Path.of("dccsim-data")).resolve("admin.token");
            try {
                return Files.readString(f).trim();
            } catch (IOException e) {
                throw new UserError(ExitCodes.BAD_INPUT, "no admin token at " + f + " (the head-end writes it in its data "
                        + "directory: pass the same --data or --lab)");
            }
        }

        String exchange(HttpRequest.Builder b, String what) {
            try {
                HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()
                        .send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 401) {
                    throw new UserError(ExitCodes.REFUSED, "the head-end refused " + what + ": " + r.body().strip());
                }
                if (r.statusCode() != 200) {
                    throw new UserError(ExitCodes.BAD_INPUT, "the head-end refused " + what + " (HTTP " + r.statusCode() + "): "
                            + r.body().strip());
                }
                return r.body();
            } catch (ConnectException e) {
                throw new UserError(ExitCodes.UNREACHABLE, "cannot reach the head-end at " + base());
            } catch (IOException e) {
                throw new UserError(ExitCodes.UNREACHABLE, "cannot talk to the head-end at " + base() + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserError(ExitCodes.TIMEOUT, "interrupted");
            }
        }
    }

    @Command(name = "clock", mixinStandardHelpOptions = true,
            description = "Show the head-end's simulated clock, or change its speed or jump it forward (with the admin token "
                    + "from its data directory). The devices of dccsim serve share that clock.",
            footer = ExitCodes.HELP + "%nExamples:%n  dccsim admin clock%n  dccsim admin clock --speed 60%n"
                    + "  dccsim admin clock --jump PT2H --lab my-lab%n")
    static final class Clock implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Target target;

        @Option(names = "--speed", paramLabel = "FACTOR", description = "Simulated seconds per real second from now on.")
        Double speed;

        @Option(names = "--jump", paramLabel = "DURATION", description = "Move simulated time forward, e.g. PT2H, P1D.")
        String jump;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            URI clock = URI.create(target.base() + "/admin/clock");
            String body;
            if (speed == null && jump == null) {
                body = target.exchange(HttpRequest.newBuilder(clock).GET(), "the clock");
            } else {
                List<String> form = new ArrayList<>();
                if (speed != null) {
                    if (!(speed > 0) || speed.isInfinite()) {
                        throw new UserError(ExitCodes.BAD_INPUT, "--speed must be a positive number");
                    }
                    form.add("speed=" + speed);
                }
                if (jump != null) {
                    try {
                        if (Duration.parse(jump).isNegative()) {
                            throw new UserError(ExitCodes.BAD_INPUT, "--jump only moves forward");
                        }
                    } catch (DateTimeParseException e) {
                        throw new UserError(ExitCodes.BAD_INPUT, "--jump must be an ISO-8601 duration like PT2H or P1D");
                    }
                    form.add("jump=" + jump);
                }
                body = target.exchange(HttpRequest.newBuilder(clock).header("Authorization", "Bearer " + target.token())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(String.join("&", form))), "the clock change");
            }
            spec.commandLine().getOut().println(body.strip());
            return ExitCodes.OK;
        }
    }

    @Command(name = "health", mixinStandardHelpOptions = true, description = "Show the head-end's health: users, devices, "
            + "devices connected, commands pending, messages held, simulated time.", footer = ExitCodes.HELP)
    static final class Health implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Target target;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println(target.exchange(HttpRequest.newBuilder(URI.create(target.base() + "/health")).GET(),
                    "health").strip());
            return ExitCodes.OK;
        }
    }
}
