package org.dccsim.lab;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.dccsim.duis.UserRole;
import org.dccsim.duis.client.DuisClient;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.DirectoryKeyStore;
import org.dccsim.gbcs.crypto.GbcsKeyStore;
import org.dccsim.gbcs.crypto.JcaPem;
import org.dccsim.gbcs.crypto.KeyStoreException;

/**
 * A DCC User's client profile (a lab's {@code clients/NAME.yaml}): who it is, which head-end it talks to and where its
 * keys are. What {@code dccsim sr --lab DIR --as NAME} reads, and what a non-Java team's own client can read too.
 * Paths are relative to the profile file.
 *
 * <pre>
 * name: vlp1
 * eui: 90B3D51F30010008
 * roles: [LOAD_CONTROLLER, OTHER_USER]
 * headend: http://127.0.0.1:8079
 * xmlKey: ../pki/xml-sign-90B3D51F30010008-ds.key        # signs DUIS requests (SMKI role 135)
 * xmlCertificate: ../pki/xml-sign-90B3D51F30010008-ds.pem
 * gbcsKeys: ../pki                                       # GBCS DS/KA keys, RTDS layout: signs pre-commands
 * dspCertificates: [../pki/dsp-xml-sign-90B3D51F30000002-ds.pem]   # who signs the head-end's answers
 * </pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClientProfile(
        @JsonProperty("name") String name,
        @JsonProperty("eui") String eui,
        @JsonProperty("roles") List<String> roles,
        @JsonProperty("headend") String headend,
        @JsonProperty("xmlKey") String xmlKey,
        @JsonProperty("xmlCertificate") String xmlCertificate,
        @JsonProperty("gbcsKeys") String gbcsKeys,
        @JsonProperty("dspCertificates") List<String> dspCertificates) {

    /** A profile that cannot be used; one line naming the file and the field. */
    public static final class ProfileException extends Exception {
        private static final long serialVersionUID = 1L;

        public ProfileException(String message) {
            super(message, null, false, false);
        }
    }

    /** A profile with its files read: ready to talk DUIS. */
    public record Client(String name, Eui64 eui, Set<UserRole> roles, URI headend, DuisClient.Identity identity,
            GbcsKeyStore gbcsKeys, List<X509Certificate> dspCertificates) {
        public Client {
            roles = Set.copyOf(roles);
            dspCertificates = List.copyOf(dspCertificates);
        }

        @Override
        public String toString() {
            return name + " (" + eui + ")";
        }
    }

    private static YAMLMapper mapper() {
        return Lab.yaml();
    }

    public static ClientProfile read(Path file) throws ProfileException {
        try {
            ClientProfile p = mapper().readValue(Files.readString(file), ClientProfile.class);
            if (p == null) {
                throw new ProfileException(file + ": the file is empty");
            }
            return p;
        } catch (JsonProcessingException e) {
            throw new ProfileException(file + ": " + e.getOriginalMessage().split("\n")[0]);
        } catch (IOException e) {
            throw new ProfileException(file + ": cannot read: " + e.getMessage());
        }
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, mapper().writeValueAsString(this));
    }

    /** Reads the keys and certificates the profile names; {@code base} is the profile's directory. */
    public Client load(Path base) throws ProfileException {
        String where = "client profile " + name;
        if (name == null || eui == null || headend == null || xmlKey == null || xmlCertificate == null) {
            throw new ProfileException(where + ": name, eui, headend, xmlKey and xmlCertificate are required");
        }
        Eui64 e;
        try {
            e = Eui64.parse(eui);
        } catch (IllegalArgumentException x) {
            throw new ProfileException(where + ": eui: " + x.getMessage());
        }
        Set<UserRole> rs = EnumSet.noneOf(UserRole.class);
        for (String r : roles == null ? List.<String>of() : roles) {
            try {
                rs.add(UserRole.valueOf(r));
            } catch (IllegalArgumentException x) {
                throw new ProfileException(where + ": unknown role " + r);
            }
        }
        URI url;
        try {
            url = URI.create(headend);
        } catch (IllegalArgumentException x) {
            throw new ProfileException(where + ": headend is not a URL");
        }
        DuisClient.Identity identity;
        List<X509Certificate> dsp = new ArrayList<>();
        try {
            identity = new DuisClient.Identity(e, JcaPem.readPrivateKey(base.resolve(xmlKey)),
                    JcaPem.readCertificate(base.resolve(xmlCertificate)));
            for (String c : dspCertificates == null ? List.<String>of() : dspCertificates) {
                dsp.add(JcaPem.readCertificate(base.resolve(c)));
            }
        } catch (KeyStoreException x) {
            throw new ProfileException(where + ": " + x.getMessage());
        }
        GbcsKeyStore keys = null;
        if (gbcsKeys != null) {
            Path dir = base.resolve(gbcsKeys);
            if (!Files.isDirectory(dir)) {
                throw new ProfileException(where + ": gbcsKeys " + dir + " is not a directory");
            }
            keys = new DirectoryKeyStore(dir);
        }
        return new Client(name, e, rs, url, identity, keys, dsp);
    }
}
