package org.dccsim.device.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dccsim.device.model.AssetType;

/** Reads fleet files, JSON or YAML by extension, strictly: unknown fields and wrong types are errors. */
public final class FleetSpecs {
    /**
     * A fleet file larger than this is refused before parsing. Fleet files are the operator's own, so the cap guards
     * against accidents, not attacks; it admits what {@code dccsim lab init} writes at its largest (100,000 sites of
     * an ESME, eight SAPCs and a hub: a million devices, about 146 MB of YAML).
     */
    public static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

    private FleetSpecs() {
    }

    /** The strict mapper fleet files are read with (unknown fields fail; instants must be ISO-8601 UTC), for documents that embed a fleet. */
    public static ObjectMapper mapper(boolean yaml) {
        ObjectMapper m = yaml ? YAMLMapper.builder(yamlFactory()).build() : JsonMapper.builder().build();
        m.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        m.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
        m.registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
                .addDeserializer(Instant.class, new com.fasterxml.jackson.databind.deser.std.StdDeserializer<Instant>(Instant.class) {
                    @Override
                    public Instant deserialize(com.fasterxml.jackson.core.JsonParser p,
                            com.fasterxml.jackson.databind.DeserializationContext c) throws IOException {
                        String s = p.getValueAsString();
                        try {
                            return Instant.parse(s);
                        } catch (java.time.format.DateTimeParseException e) {
                            throw JsonMappingException.from(p, "not an ISO-8601 UTC instant (like 2026-06-01T00:00:00Z): '" + s + "'");
                        }
                    }
                }));
        return m;
    }

    /** SnakeYAML's default cap is 3 million code points; a file within {@link #MAX_FILE_BYTES} must parse. */
    private static com.fasterxml.jackson.dataformat.yaml.YAMLFactory yamlFactory() {
        org.yaml.snakeyaml.LoaderOptions o = new org.yaml.snakeyaml.LoaderOptions();
        o.setCodePointLimit((int) MAX_FILE_BYTES);
        return com.fasterxml.jackson.dataformat.yaml.YAMLFactory.builder().loaderOptions(o).build();
    }

    /** Writes a fleet file (YAML or JSON by extension) that {@link #read} reads back: instants as ISO-8601, no nulls. */
    public static void write(Path file, FleetSpec spec) throws IOException {
        String name = file.getFileName().toString().toLowerCase();
        ObjectMapper m = name.endsWith(".yaml") || name.endsWith(".yml") ? YAMLMapper.builder()
                .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS).build()
                : JsonMapper.builder().build();
        m.setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);
        m.registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
                .addSerializer(Instant.class, new com.fasterxml.jackson.databind.ser.std.ToStringSerializer(Instant.class)));
        m.writeValue(file.toFile(), spec);
    }

    public static FleetSpec read(Path file) throws FleetSpecException {
        try {
            if (!Files.isRegularFile(file)) {
                throw new FleetSpecException(file + ": no such fleet file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new FleetSpecException(file + ": larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB");
            }
            String name = file.getFileName().toString().toLowerCase();
            boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
            FleetSpec spec = parse(Files.readString(file), yaml, file.toString());
            return withWeatherFile(spec, file.toAbsolutePath().getParent(), file.toString());
        } catch (IOException e) {
            throw new FleetSpecException(file + ": cannot read: " + e.getMessage());
        }
    }

    public static FleetSpec parse(String text, boolean yaml, String source) throws FleetSpecException {
        FleetSpec spec;
        try {
            spec = mapper(yaml).readValue(text, FleetSpec.class);
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw new FleetSpecException(source + where(e) + ": unknown field '" + e.getPropertyName() + "' (known: "
                    + e.getKnownPropertyIds() + ")");
        } catch (JsonProcessingException e) {
            throw new FleetSpecException(source + where(e) + ": " + e.getOriginalMessage().split("\n")[0]);
        }
        if (spec == null) {
            throw new FleetSpecException(source + ": empty fleet file");
        }
        validate(spec, source);
        return spec;
    }

    /** The most points a weather series may have: hourly for ten years. */
    public static final int MAX_WEATHER_POINTS = 87_660;

    /**
     * The spec with its weather CSV (if any) read into an inline series: {@code csv} is resolved against
     * {@code base} (the directory of the file that names it). Lines are {@code time,celsius} with an ISO-8601
     * instant; blank lines, lines starting with '#' and a header line starting with "time" are skipped.
     */
    public static FleetSpec withWeatherFile(FleetSpec spec, Path base, String source) throws FleetSpecException {
        FleetSpec.Weather w = spec.weather();
        if (w == null || w.csv() == null) {
            return spec;
        }
        Path file = base == null ? Path.of(w.csv()) : base.resolve(w.csv());
        List<FleetSpec.Point> points = new java.util.ArrayList<>();
        try {
            if (!Files.isRegularFile(file)) {
                throw new FleetSpecException(source + ": weather.csv: no such file " + file);
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new FleetSpecException(source + ": weather.csv " + file + " is larger than "
                        + MAX_FILE_BYTES / (1024 * 1024) + " MiB");
            }
            int n = 0;
            for (String line : Files.readAllLines(file)) {
                n++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#") || (n == 1 && t.toLowerCase().startsWith("time"))) {
                    continue;
                }
                String[] cells = t.split(",");
                if (cells.length != 2) {
                    throw new FleetSpecException(file + " line " + n + ": expected time,celsius");
                }
                try {
                    points.add(new FleetSpec.Point(Instant.parse(cells[0].strip()), Double.parseDouble(cells[1].strip())));
                } catch (RuntimeException e) {
                    throw new FleetSpecException(file + " line " + n + ": expected an ISO-8601 time and a temperature, got '"
                            + t + "'");
                }
            }
        } catch (IOException e) {
            throw new FleetSpecException(source + ": weather.csv: cannot read " + file + ": " + e.getMessage());
        }
        FleetSpec out = new FleetSpec(spec.epoch(), spec.trust(), spec.sites(), spec.generate(), spec.faults(),
                new FleetSpec.Weather(w.model(), w.offsetC(), null, points));
        checkWeather(out.weather(), source);
        return out;
    }

    /** The model the spec's weather describes (GB climatology when it gives none); the spec is validated. */
    public static org.dccsim.device.model.Weather weather(FleetSpec.Weather w) {
        if (w == null) {
            return org.dccsim.device.model.Weather.GB;
        }
        double offset = w.offsetC() == null ? 0 : w.offsetC();
        if (w.series() != null && !w.series().isEmpty()) {
            long[] minutes = new long[w.series().size()];
            double[] celsius = new double[minutes.length];
            for (int i = 0; i < minutes.length; i++) {
                minutes[i] = Math.floorDiv(w.series().get(i).at().getEpochSecond(), 60);
                celsius[i] = w.series().get(i).c() + offset;
            }
            return new org.dccsim.device.model.Weather.Series(minutes, celsius);
        }
        String model = w.model() == null ? "gb" : w.model();
        switch (model) {
            case "winter-day":
                return new org.dccsim.device.model.Weather.DailyCycle(
                        org.dccsim.device.model.Weather.DailyCycle.WINTER.meanC() + offset,
                        org.dccsim.device.model.Weather.DailyCycle.WINTER.swingC());
            case "summer-day":
                return new org.dccsim.device.model.Weather.DailyCycle(
                        org.dccsim.device.model.Weather.DailyCycle.SUMMER.meanC() + offset,
                        org.dccsim.device.model.Weather.DailyCycle.SUMMER.swingC());
            default:
                return new org.dccsim.device.model.Weather.Seasonal(offset);
        }
    }

    private static void checkWeather(FleetSpec.Weather w, String source) throws FleetSpecException {
        if (w == null) {
            return;
        }
        if (w.model() != null && !List.of("gb", "winter-day", "summer-day").contains(w.model())) {
            throw new FleetSpecException(source + ": weather.model must be gb, winter-day or summer-day, not '" + w.model() + "'");
        }
        if (w.offsetC() != null && (w.offsetC().isNaN() || Math.abs(w.offsetC()) > 30)) {
            throw new FleetSpecException(source + ": weather.offsetC must be within +-30");
        }
        if (w.series() != null) {
            if (w.series().size() > MAX_WEATHER_POINTS) {
                throw new FleetSpecException(source + ": weather.series has more than " + MAX_WEATHER_POINTS + " points");
            }
            Instant prev = null;
            for (FleetSpec.Point p : w.series()) {
                if (p == null || p.at() == null || p.c() == null) {
                    throw new FleetSpecException(source + ": every weather point needs 'at' and 'c'");
                }
                if (p.c().isNaN() || p.c() < -60 || p.c() > 60) {
                    throw new FleetSpecException(source + ": weather point at " + p.at() + ": " + p.c() + " C is not an outdoor temperature");
                }
                if (prev != null && !p.at().isAfter(prev)) {
                    throw new FleetSpecException(source + ": weather points must be in time order (" + p.at() + " after " + prev + ")");
                }
                prev = p.at();
            }
        }
    }

    /** Each step complete, 1 minute to a year long, within +-1 MW, and no two steps overlapping. */
    private static void checkSchedule(List<FleetSpec.Step> steps, String source, String where) throws FleetSpecException {
        if (steps == null) {
            return;
        }
        if (steps.size() > 10_000) {
            throw new FleetSpecException(source + ": " + where + ": at most 10,000 steps");
        }
        for (FleetSpec.Step st : steps) {
            if (st == null || st.at() == null || st.minutes() == null || st.w() == null) {
                throw new FleetSpecException(source + ": " + where + ": every step needs at, minutes and w");
            }
            if (st.minutes() < 1 || st.minutes() > 366 * 1440) {
                throw new FleetSpecException(source + ": " + where + ": minutes must be 1 to 527040");
            }
            if (Math.abs(st.w()) > 1_000_000) {
                throw new FleetSpecException(source + ": " + where + ": w must be within +-1,000,000");
            }
        }
        try {
            schedule(steps);
        } catch (IllegalArgumentException e) {
            throw new FleetSpecException(source + ": " + where + ": " + e.getMessage());
        }
    }

    /** The model's schedule for a spec's steps (validated). */
    public static org.dccsim.device.model.Schedule schedule(List<FleetSpec.Step> steps) {
        if (steps == null || steps.isEmpty()) {
            return org.dccsim.device.model.Schedule.NONE;
        }
        return new org.dccsim.device.model.Schedule(steps.stream()
                .map(x -> new org.dccsim.device.model.Schedule.Step(x.at(), x.minutes(), x.w())).toList());
    }

    /** A hub needs an EUI; its starting log may list only the site's own meters, 16 at most (GBCS CCS03). */
    private static void checkHub(FleetSpec.SiteSpec site, String source) throws FleetSpecException {
        FleetSpec.CommsHubSpec hub = site.commsHub();
        if (hub == null) {
            return;
        }
        if (hub.eui() == null) {
            throw new FleetSpecException(source + ": site " + site.id() + ": commsHub needs an 'eui' (EUI-64)");
        }
        checkEui(hub.eui(), source, "site " + site.id() + " commsHub.eui");
        if (hub.deviceLog() == null) {
            return;
        }
        java.util.Set<org.dccsim.gbcs.Eui64> meters = new java.util.HashSet<>();
        meters.add(org.dccsim.gbcs.Eui64.parse(site.esme()));
        for (FleetSpec.AssetSpec a : site.assets() == null ? List.<FleetSpec.AssetSpec>of() : site.assets()) {
            if (a != null && a.sapc() != null) {
                checkEui(a.sapc(), source, "site " + site.id() + " sapc");
                meters.add(org.dccsim.gbcs.Eui64.parse(a.sapc()));
            }
        }
        if (hub.deviceLog().size() > org.dccsim.gbcs.usecase.ChfDeviceLog.CAPACITY) {
            throw new FleetSpecException(source + ": site " + site.id() + ": a hub's device log holds at most "
                    + org.dccsim.gbcs.usecase.ChfDeviceLog.CAPACITY + " devices");
        }
        for (String d : hub.deviceLog()) {
            checkEui(d, source, "site " + site.id() + " commsHub.deviceLog");
            if (d == null || !meters.contains(org.dccsim.gbcs.Eui64.parse(d))) {
                throw new FleetSpecException(source + ": site " + site.id() + ": commsHub.deviceLog lists " + d
                        + ", which is not a meter of the site");
            }
        }
    }

    private static void checkEui(String eui, String source, String field) throws FleetSpecException {
        if (eui == null) {
            return;
        }
        try {
            org.dccsim.gbcs.Eui64.parse(eui);
        } catch (IllegalArgumentException e) {
            throw new FleetSpecException(source + ": " + field + ": " + e.getMessage());
        }
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    public static void validate(FleetSpec s, String source) throws FleetSpecException {
        boolean none = (s.sites() == null || s.sites().isEmpty()) && s.generate() == null;
        if (none) {
            throw new FleetSpecException(source + ": give 'sites', 'generate', or both");
        }
        if (s.generate() != null) {
            Integer n = s.generate().sites();
            if (n == null || n < 1 || n > 1_000_000) {
                throw new FleetSpecException(source + ": generate.sites must be 1 to 1,000,000");
            }
            Integer per = s.generate().sapcsPerSite();
            if (per != null && (per < 0 || per > 5)) {
                throw new FleetSpecException(source + ": generate.sapcsPerSite must be 0 to 5");
            }
            if (s.generate().mix() != null) {
                for (Map.Entry<AssetType, Double> e : s.generate().mix().entrySet()) {
                    if (e.getValue() == null || e.getValue() < 0) {
                        throw new FleetSpecException(source + ": generate.mix shares must be 0 or more");
                    }
                    if (e.getKey().switched()) {
                        throw new FleetSpecException(source + ": generate.mix: " + e.getKey() + " hangs on the ESME's switches: "
                                + "give it in generate.switchedLoads");
                    }
                }
            }
            if (s.generate().switchedLoads() != null) {
                if (s.generate().switchedLoads().size() > 5) {
                    throw new FleetSpecException(source + ": generate.switchedLoads: an ESME has five switches");
                }
                for (Map.Entry<AssetType, Double> e : s.generate().switchedLoads().entrySet()) {
                    if (!e.getKey().switched() || e.getValue() == null || e.getValue() < 0 || e.getValue() > 1) {
                        throw new FleetSpecException(source + ": generate.switchedLoads: STORAGE_HEATER or IMMERSION_HEATER, "
                                + "each with the share of sites (0 to 1) that have one");
                    }
                }
            }
        }
        checkWeather(s.weather(), source);
        if (s.trust() != null) {
            FleetSpec.Trust t = s.trust();
            checkEui(t.supplier(), source, "trust.supplier");
            checkEui(t.networkOperator(), source, "trust.networkOperator");
            checkEui(t.acb(), source, "trust.acb");
            checkEui(t.loadController(), source, "trust.loadController");
        }
        if (s.generate() != null) {
            checkEui(s.generate().esmeBase(), source, "generate.esmeBase");
            checkEui(s.generate().sapcBase(), source, "generate.sapcBase");
            checkEui(s.generate().chfBase(), source, "generate.chfBase");
        }
        if (s.sites() != null) {
            for (FleetSpec.SiteSpec site : s.sites()) {
                if (site.esme() == null) {
                    throw new FleetSpecException(source + ": site " + site.id() + " has no 'esme' EUI-64");
                }
                checkEui(site.esme(), source, "site " + site.id() + " esme");
                if (site.household() != null) {
                    checkSchedule(site.household().schedule(), source, "site " + site.id() + " household schedule");
                }
                checkHub(site, source);
                java.util.Set<Integer> switches = new java.util.HashSet<>();
                for (FleetSpec.SwitchedLoadSpec l : site.switchedLoads() == null ? List.<FleetSpec.SwitchedLoadSpec>of()
                        : site.switchedLoads()) {
                    if (l == null || l.type() == null || !l.type().switched() || l.alcs() == null) {
                        throw new FleetSpecException(source + ": site " + site.id() + ": every switched load needs 'type' "
                                + "(STORAGE_HEATER or IMMERSION_HEATER) and 'alcs' (the ESME's switch, 1-5)");
                    }
                    if (l.alcs() < 1 || l.alcs() > 5 || !switches.add(l.alcs())) {
                        throw new FleetSpecException(source + ": site " + site.id() + ": alcs must be 1 to 5, one load per switch");
                    }
                    if (l.ratingW() != null && (l.ratingW() < 1 || l.ratingW() > 15_000)) {
                        throw new FleetSpecException(source + ": site " + site.id() + ": a switched load's ratingW must be 1 to 15000");
                    }
                    checkSchedule(l.schedule(), source, "site " + site.id() + " switched load " + l.alcs() + " schedule");
                }
                for (FleetSpec.AssetSpec a : site.assets() == null ? List.<FleetSpec.AssetSpec>of() : site.assets()) {
                    if (a.type() != null && a.type().switched()) {
                        throw new FleetSpecException(source + ": site " + site.id() + ": a " + a.type() + " hangs on the ESME's "
                                + "switches: give it under 'switchedLoads', not 'assets'");
                    }
                    if (a.sapc() == null || a.type() == null) {
                        throw new FleetSpecException(source + ": site " + site.id() + ": every asset needs 'sapc' and 'type' ("
                                + java.util.Arrays.toString(AssetType.values()) + ")");
                    }
                    checkEui(a.sapc(), source, "site " + site.id() + " sapc");
                    checkEui(a.loadController(), source, "site " + site.id() + " loadController");
                    if (a.controller() != null && (a.controller() < 1 || a.controller() > 5)) {
                        throw new FleetSpecException(source + ": site " + site.id() + ": controller must be 1 to 5");
                    }
                    checkSchedule(a.schedule(), source, "site " + site.id() + " asset " + a.sapc() + " schedule");
                }
            }
        }
        FleetSpec.Faults f = s.faults();
        if (f != null) {
            for (Double p : new Double[] {f.offlineShare(), f.dropProbability(), f.corruptProbability()}) {
                if (p != null && (p < 0 || p > 1)) {
                    throw new FleetSpecException(source + ": fault probabilities and shares are between 0 and 1");
                }
            }
            if ((f.latencyMs() != null && f.latencyMs() < 0) || (f.jitterMs() != null && f.jitterMs() < 0)) {
                throw new FleetSpecException(source + ": latency and jitter cannot be negative");
            }
        }
    }
}
