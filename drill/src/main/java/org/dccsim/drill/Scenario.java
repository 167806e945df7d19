package org.dccsim.drill;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dccsim.clock.ScaledClock;
import org.dccsim.device.Site;
import org.dccsim.device.fleet.FleetSpec;
import org.dccsim.device.fleet.FleetSpecException;
import org.dccsim.device.fleet.FleetSpecs;
import org.dccsim.device.model.AssetType;
import org.dccsim.gbcs.Eui64;
import org.dccsim.lab.ClientProfile;
import org.dccsim.lab.EmbeddedDcc;
import org.dccsim.lab.Organisations;

/**
 * A drill scenario file (docs/drill-scenario.md): the fleet, the simulated clock, the events, how to dispatch them and
 * what to meter. {@link #read} checks a file and refuses a bad one with a {@link ScenarioException} naming the problem.
 */
public record Scenario(
        @JsonProperty("fleet") FleetSpec fleet,
        @JsonProperty("clock") Clock clock,
        @JsonProperty("events") List<Event> events,
        @JsonProperty("dispatch") Dispatch dispatch,
        @JsonProperty("metering") Metering metering,
        @JsonProperty("baseline") Metering baseline) {
    /** Scenario files are small: a larger one is refused before it is parsed. */
    public static final long MAX_SCENARIO_BYTES = 1024 * 1024;

    /** The half-hours to read back and settle, [from, to); by default from half an hour before the first event. */
    public record Metering(@JsonProperty("from") Instant from, @JsonProperty("to") Instant to) {
    }

    public record Clock(@JsonProperty("start") Instant start, @JsonProperty("speed") Double speed) {
    }

    /** From {@code at} for {@code minutes}, limit the selected assets' APCs to {@code level} percent (7.16). */
    public record Event(@JsonProperty("at") Instant at, @JsonProperty("minutes") Integer minutes, @JsonProperty("level") Integer level,
            @JsonProperty("assetType") AssetType assetType, @JsonProperty("share") Double share, @JsonProperty("tag") String tag,
            @JsonProperty("action") String action) {
        /** 7.16 Limit APC Level, sent by the asset's VLP (the default). */
        static final String LIMIT = "limit";
        /** 7.13 Set Auxiliary Controller State over the event, sent by the supplier (DUIS allows only it). */
        static final String SET_STATE = "setState";
        /**
         * 7.6 Deactivate Auxiliary Load: a switched load off for {@code minutes}, from the supplier. 7.6 acts when the
         * ESME receives it and cannot be future dated (critical, and DUIS gives it no ExecutionDateTime), so the drill
         * sends it when simulated time reaches {@code at}; its level is 0 (off).
         */
        static final String SWITCH_OFF = "switchOff";
        /**
         * 6.14.2 Update Device Configuration (ALC Scheduler): a one-day calendar for the load's switch, open at {@code at}
         * and closed at the event's end (both on one UTC day), from the supplier, sent ahead; the ESME runs it.
         */
        static final String CALENDAR = "calendar";

        public boolean setState() {
            return SET_STATE.equals(action);
        }

        public boolean switchOff() {
            return SWITCH_OFF.equals(action);
        }

        public boolean calendar() {
            return CALENDAR.equals(action);
        }

        /** Sent at the event's time rather than ahead of it. */
        public boolean timed() {
            return switchOff();
        }

        /** The level over the event: as given; a switch-off's is 0 when not given. */
        @Override
        public Integer level() {
            return level == null && (switchOff() || calendar()) ? Integer.valueOf(0) : level;
        }

        public String actionName() {
            return action == null ? LIMIT : action;
        }

        public Instant end() {
            return at.plus(Duration.ofMinutes(minutes));
        }
    }

    public record Dispatch(@JsonProperty("concurrency") Integer concurrency, @JsonProperty("deviceTimeoutSeconds") Integer deviceTimeoutSeconds,
            @JsonProperty("window") Integer window, @JsonProperty("retries") Integer retries,
            @JsonProperty("retryDelayMillis") Integer retryDelayMillis) {
    }

    /** The dispatch settings with their defaults filled in (docs/drill-scenario.md). */
    public record Policy(int concurrency, int deviceTimeoutSeconds, int window, int retries, int retryDelayMillis) {
        public static Policy of(Dispatch d) {
            Dispatch x = d == null ? new Dispatch(null, null, null, null, null) : d;
            return new Policy(or(x.concurrency(), 8), or(x.deviceTimeoutSeconds(), 5), or(x.window(), 256), or(x.retries(), 0),
                    or(x.retryDelayMillis(), 1000));
        }

        private static int or(Integer v, int dflt) {
            return v == null ? dflt : v;
        }

        Dispatcher dispatcher(EmbeddedDcc dcc, ClientProfile.Client who, ScaledClock clock, PrintWriter progress, String phase) {
            // Idle: no answer at all for the device timeout plus a margin means the rest will not come.
            return new Dispatcher(dcc, who, clock, concurrency, window, retries, Duration.ofMillis(retryDelayMillis),
                    Duration.ofSeconds(deviceTimeoutSeconds + 30L), progress, phase);
        }
    }

    /** One APC limit sent to one asset's SAPC. */
    public record Limit(int event, Site site, Site.Asset asset) {
    }

/** Reads and checks a scenario file (or a directory holding scenario.yaml); the weather file is resolved beside it. */
public static Scenario read(Path given) {
        Path f = Files.isDirectory(given) ? given.resolve("scenario.yaml") : given;
        try {
            if (!Files.isRegularFile(f)) {
                throw new ScenarioException(f + ": no such scenario file");
            }
            if (Files.size(f) > MAX_SCENARIO_BYTES) {
                throw new ScenarioException(f + ": larger than 1 MiB");
            }
            String name = f.getFileName().toString().toLowerCase();
            boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
            Scenario s = FleetSpecs.mapper(yaml).readValue(Files.readString(f), Scenario.class);
            if (s == null || s.fleet() == null || s.clock() == null || s.clock().start() == null || s.events() == null
                    || s.events().isEmpty()) {
                throw new ScenarioException(f + ": a scenario needs fleet, clock.start and at least one event");
            }
            FleetSpecs.validate(s.fleet(), f + " (fleet)");
            double speed = s.clock().speed() == null ? 60 : s.clock().speed();
            if (!(speed >= 1 && speed <= 100_000)) {
                throw new ScenarioException(f + ": clock.speed must be 1 to 100000");
            }
            for (int i = 0; i < s.events().size(); i++) {
                Event e = s.events().get(i);
                String where = f + ": events[" + i + "]";
                if (e == null || e.at() == null || e.minutes() == null || e.level() == null) {
                    throw new ScenarioException(where + " needs at, minutes and level");
                }
                if (e.minutes() < 1 || e.minutes() > 24 * 60) {
                    throw new ScenarioException(where + ".minutes must be 1 to 1440 (GBCS: a limit lasts at most 24 h)");
                }
                if (e.level() < 0 || e.level() > 100) {
                    throw new ScenarioException(where + ".level must be 0 to 100");
                }
                if (e.share() != null && !(e.share() > 0 && e.share() <= 1)) {
                    throw new ScenarioException(where + ".share must be above 0 and at most 1");
                }
                if (e.action() != null && !Event.LIMIT.equals(e.action()) && !Event.SET_STATE.equals(e.action())
                        && !e.switchOff() && !e.calendar()) {
                    throw new ScenarioException(where + ".action must be limit (7.16), setState (7.13), "
                            + "switchOff (7.6) or calendar (6.14.2)");
                }
                if (e.calendar() && (e.assetType() == null || !e.assetType().switched() || e.level() != 0
                        || !e.at().atZone(java.time.ZoneOffset.UTC).toLocalDate().equals(
                                e.end().atZone(java.time.ZoneOffset.UTC).toLocalDate()))) {
                    throw new ScenarioException(where + ": calendar (6.14.2) opens a load behind an ESME's auxiliary load "
                            + "control switch for part of one day: give assetType STORAGE_HEATER or IMMERSION_HEATER, no level "
                            + "but 0, and an event that ends on the day it starts (UTC)");
                }
                if (e.switchOff() && (e.assetType() == null || !e.assetType().switched() || e.level() != 0)) {
                    throw new ScenarioException(where + ": switchOff (7.6) turns off a load behind an ESME's "
                            + "auxiliary load control switch: give assetType STORAGE_HEATER or IMMERSION_HEATER, and no level "
                            + "but 0");
                }
                if (e.at().isBefore(s.clock().start())) {
                    throw new ScenarioException(where + ".at is before clock.start");
                }
                if (e.assetType() != null && e.assetType().switched() && !e.setState() && !e.switchOff() && !e.calendar()) {
                    throw new ScenarioException(where + ": a " + e.assetType() + " hangs on its ESME's auxiliary "
                            + "load control switch: switch it with action setState (7.13) or switchOff (7.6), both from the "
                            + "supplier, not a 7.16 limit");
                }
            }
            Policy p = Policy.of(s.dispatch());
            range(f, "dispatch.concurrency", p.concurrency(), 1, 256);
            range(f, "dispatch.deviceTimeoutSeconds", p.deviceTimeoutSeconds(), 1, 300);
            range(f, "dispatch.window", p.window(), 1, 100_000);
            range(f, "dispatch.retries", p.retries(), 0, 10);
            range(f, "dispatch.retryDelayMillis", p.retryDelayMillis(), 0, 600_000);
            if (s.metering() != null) {
                Metering m = s.metering();
                if (m.from() == null || m.to() == null || !m.from().isBefore(m.to())
                        || m.from().getEpochSecond() % 1800 != 0 || m.to().getEpochSecond() % 1800 != 0) {
                    throw new ScenarioException(f + ": metering needs from and to on half-hour boundaries, from before to");
                }
                if (Duration.between(m.from(), m.to()).toDays() > 7) {
                    throw new ScenarioException(f + ": metering covers at most seven days");
                }
            }
            for (FleetSpec.SiteSpec site : s.fleet().sites() == null ? List.<FleetSpec.SiteSpec>of() : s.fleet().sites()) {
                for (FleetSpec.AssetSpec a : site.assets() == null ? List.<FleetSpec.AssetSpec>of() : site.assets()) {
                    if (a.loadController() != null && !Eui64.parse(a.loadController()).equals(Organisations.vlp(1))
                            && !Eui64.parse(a.loadController()).equals(Organisations.vlp(2))) {
                        throw new ScenarioException(f + ": site " + site.id() + ": loadController "
                                + a.loadController() + " is not one of the drill's VLPs (" + Organisations.vlp(1) + ", "
                                + Organisations.vlp(2) + ")");
                    }
                }
            }
            if (s.baseline() != null) {
                Metering b = s.baseline();
                if (b.from() == null || b.to() == null || !b.from().isBefore(b.to())) {
                    throw new ScenarioException(f + ": baseline needs from before to");
                }
                Instant firstEvent = s.events().stream().map(Event::at).min(Instant::compareTo).orElseThrow();
                if (b.to().isAfter(firstEvent)) {
                    throw new ScenarioException(f + ": the baseline window must end by the first event");
                }
                if (s.metering() == null || b.from().isBefore(s.metering().from())) {
                    throw new ScenarioException(f + ": the baseline window must lie inside 'metering' (give both)");
                }
            }
            FleetSpec fleet = FleetSpecs.withWeatherFile(s.fleet(), f.toAbsolutePath().getParent(), f + " (fleet)");
            return new Scenario(fleet, new Clock(s.clock().start(), speed), s.events(), s.dispatch(), s.metering(),
                    s.baseline());
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw new ScenarioException(f + ": unknown field '" + e.getPropertyName() + "' (known: "
                    + e.getKnownPropertyIds() + ")");
        } catch (JsonProcessingException e) {
            throw new ScenarioException(f + ": " + e.getOriginalMessage().split("\n")[0]);
        } catch (FleetSpecException e) {
            throw new ScenarioException(e.getMessage());
        } catch (IOException e) {
            throw new ScenarioException(f + ": cannot read: " + e.getMessage());
        }
    }

    private static void range(Path f, String field, int v, int min, int max) {
        if (v < min || v > max) {
            throw new ScenarioException(f + ": " + field + " must be " + min + " to " + max);
        }
    }
}
