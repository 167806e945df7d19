package org.dccsim.lab;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.DirectoryKeyStore;
import org.dccsim.gbcs.crypto.EcKeys;
import org.dccsim.gbcs.crypto.GbcsKeyStore;
import org.dccsim.gbcs.crypto.KeyUsage;

/**
 * Which signing key each device trusts for a party, after users installed new credentials on it (6.15.1, CS02g): a
 * JSON file ({@code credentials.json} in a lab's or the built-in profile's data directory), written under a file lock
 * so that concurrent {@code dccsim sr} processes do not lose each other's records. {@code dccsim sr} signs a
 * pre-command for a device with the key the device now trusts, not with the party's original one.
 *
 * <pre>{ "00DB1234567890A6": { "90B3D51F30010008": { "dsCertificate": "/abs/lc-ds.pem", "dsKey": "/abs/lc-ds.key" } } }</pre>
 */
public final class InstalledCredentials {
    /** One installed digital-signing credential: its certificate and the private key beside it. */
    public record Entry(String dsCertificate, String dsKey) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path file;

    public InstalledCredentials(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Records that {@code device} now trusts {@code party}'s signing key whose certificate and key are these files. */
    public void record(Eui64 device, Eui64 party, Path dsCertificate, Path dsKey) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path lock = file.resolveSibling(file.getFileName() + ".lock");
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            Map<String, Map<String, Entry>> all = readAll();
            all.computeIfAbsent(device.toString(), k -> new TreeMap<>()).put(party.toString(),
                    new Entry(dsCertificate.toAbsolutePath().normalize().toString(), dsKey.toAbsolutePath().normalize().toString()));
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), all);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** What was installed on {@code device} for {@code party}, if anything. */
    public Optional<Entry> installed(Eui64 device, Eui64 party) throws IOException {
        Map<String, Entry> forDevice = readAll().get(device.toString());
        return Optional.ofNullable(forDevice == null ? null : forDevice.get(party.toString()));
    }

    private Map<String, Map<String, Entry>> readAll() throws IOException {
        if (!Files.exists(file)) {
            return new TreeMap<>();
        }
        try {
            Map<String, Map<String, Entry>> m = JSON.readValue(file.toFile(), new TypeReference<>() {
            });
            return m == null ? new TreeMap<>() : new TreeMap<>(m);
        } catch (IOException e) {
            throw new IOException(file + " is damaged (" + e.getMessage().split("\n")[0] + "); delete it to forget which "
                    + "credentials were installed", e);
        }
    }

    /**
     * {@code base} with {@code party}'s digital-signing key replaced by the one installed on {@code device}, when one
     * was: the key store to sign that device's pre-commands with.
     */
    public GbcsKeyStore keysFor(Eui64 device, Eui64 party, GbcsKeyStore base) throws IOException {
        Optional<Entry> e = installed(device, party);
        if (e.isEmpty()) {
            return base;
        }
        EcKeys.PrivateKey key = DirectoryKeyStore.readPrivateKey(Path.of(e.get().dsKey()));
        return new GbcsKeyStore() {
            @Override
            public Optional<EcKeys.PublicKey> publicKey(Eui64 p, KeyUsage usage) {
                return p.equals(party) && usage == KeyUsage.DS ? Optional.of(key.publicKey()) : base.publicKey(p, usage);
            }

            @Override
            public Optional<EcKeys.PrivateKey> privateKey(Eui64 p, KeyUsage usage) {
                return p.equals(party) && usage == KeyUsage.DS ? Optional.of(key) : base.privateKey(p, usage);
            }
        };
    }
}
