package org.dccsim.lab;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dccsim.gbcs.Eui64;

/**
 * A lab: a self-consistent DCC on disk, made by {@link LabInit} ({@code dccsim lab init DIR}) and used by
 * {@code dccsim serve --lab DIR}, {@code dccsim sr --lab DIR --as NAME} and the embedded DCC.
 *
 * <pre>
 * DIR/lab.yaml          what was asked for (sites, mix, VLPs, seed, ports) and who is who
 * DIR/headend.yaml      the head-end's config: ports, keys, users with their roles, the fleet's inventory
 * DIR/fleet.yaml        the fleet: every site and device with its EUI-64, the trust anchors, the VLP of each asset
 * DIR/devices.csv       one line per device (eui, type, site, asset, controller, vlp, tags), for batch verbs
 * DIR/pki/              the test PKI in the RTDS key-store layout (named-curve PKCS#8 keys, owner-only)
 * DIR/clients/NAME.yaml a client profile per DCC User ({@link ClientProfile})
 * DIR/data/             the head-end's journal, the devices' state, credentials installed on devices, admin token
 * </pre>
 */
public final class Lab {
    /** {@code lab.yaml}: what the lab was made from. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Spec(
            @JsonProperty("sites") int sites,
            @JsonProperty("sapcsPerSite") int sapcsPerSite,
            @JsonProperty("mix") Map<String, Double> mix,
            @JsonProperty("vlps") int vlps,
            @JsonProperty("seed") long seed,
            @JsonProperty("duisPort") int duisPort,
            @JsonProperty("wanPort") int wanPort,
            @JsonProperty("epoch") String epoch,
            @JsonProperty("users") Map<String, String> users) {
    }

    public static final String SPEC = "lab.yaml";

    private final Path dir;
    private final Spec spec;

    private Lab(Path dir, Spec spec) {
        this.dir = dir;
        this.spec = spec;
    }

    /** A lab that cannot be used; one line. */
    public static final class LabException extends Exception {
        private static final long serialVersionUID = 1L;

        public LabException(String message) {
            super(message, null, false, false);
        }
    }

    static YAMLMapper yaml() {
        YAMLMapper m = YAMLMapper.builder().disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS).build();
        m.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        m.setSerializationInclusion(JsonInclude.Include.NON_NULL);
        return m;
    }

    public static Lab open(Path dir) throws LabException {
        Path f = dir.resolve(SPEC);
        if (!Files.isRegularFile(f)) {
            throw new LabException(dir + " is not a lab (no " + SPEC + "); make one with: dccsim lab init " + dir);
        }
        try {
            Spec s = yaml().readValue(Files.readString(f), Spec.class);
            if (s == null) {
                throw new LabException(f + " is empty");
            }
            return new Lab(dir.toAbsolutePath().normalize(), s);
        } catch (JsonProcessingException e) {
            throw new LabException(f + ": " + e.getOriginalMessage().split("\n")[0]);
        } catch (IOException e) {
            throw new LabException(f + ": cannot read: " + e.getMessage());
        }
    }

    public Path dir() {
        return dir;
    }

    public Spec spec() {
        return spec;
    }

    public Path headendConfig() {
        return dir.resolve("headend.yaml");
    }

    public Path fleetFile() {
        return dir.resolve("fleet.yaml");
    }

    public Path devicesFile() {
        return dir.resolve("devices.csv");
    }

    public Path pki() {
        return dir.resolve("pki");
    }

    public Path data() {
        return dir.resolve("data");
    }

    public Path clientsDir() {
        return dir.resolve("clients");
    }

    public InstalledCredentials credentials() {
        return new InstalledCredentials(data().resolve("credentials.json"));
    }

    /** Every client profile, by file name. */
    public List<ClientProfile> clients() throws LabException {
        List<ClientProfile> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(clientsDir())) {
            for (Path p : s.filter(x -> x.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                out.add(ClientProfile.read(p));
            }
        } catch (IOException e) {
            throw new LabException("cannot list " + clientsDir() + ": " + e.getMessage());
        } catch (ClientProfile.ProfileException e) {
            throw new LabException(e.getMessage());
        }
        return out;
    }

    /** A client by profile name ({@code vlp1}) or EUI-64, loaded. */
    public ClientProfile.Client client(String nameOrEui) throws LabException {
        for (ClientProfile p : clients()) {
            boolean byEui;
            try {
                byEui = Eui64.parse(nameOrEui).toString().equals(Eui64.parse(p.eui()).toString());
            } catch (IllegalArgumentException e) {
                byEui = false;
            }
            if (p.name().equals(nameOrEui) || byEui) {
                try {
                    return p.load(clientsDir());
                } catch (ClientProfile.ProfileException e) {
                    throw new LabException(e.getMessage());
                }
            }
        }
        throw new LabException("no client " + nameOrEui + " in " + dir + " (known: "
                + clients().stream().map(ClientProfile::name).toList() + ")");
    }

    /** Every client, loaded. */
    public List<ClientProfile.Client> loadedClients() throws LabException {
        List<ClientProfile.Client> out = new ArrayList<>();
        for (ClientProfile p : clients()) {
            try {
                out.add(p.load(clientsDir()));
            } catch (ClientProfile.ProfileException e) {
                throw new LabException(e.getMessage());
            }
        }
        return out;
    }
}
