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
import org.dccsim.device.model.AssetType;

/** Reads fleet files, JSON or YAML by extension, strictly: unknown fields and wrong types are errors. */
public final class FleetSpecs {
    /** A fleet file larger than this is refused before parsing. */
    public static final long MAX_FILE_BYTES = 8L * 1024 * 1024;

    private FleetSpecs() {
    }

    /** The strict mapper fleet files are read with (unknown fields fail; instants must be ISO-8601 UTC), for documents that embed a fleet. */
    public static ObjectMapper mapper(boolean yaml) {
        ObjectMapper m = yaml ? YAMLMapper.builder().build() : JsonMapper.builder().build();
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
            return parse(Files.readString(file), yaml, file.toString());
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
                for (Double v : s.generate().mix().values()) {
                    if (v == null || v < 0) {
                        throw new FleetSpecException(source + ": generate.mix shares must be 0 or more");
                    }
                }
            }
        }
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
                for (FleetSpec.AssetSpec a : site.assets() == null ? List.<FleetSpec.AssetSpec>of() : site.assets()) {
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
