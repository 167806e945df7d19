package org.dccsim.device.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.logging.Logger;
import org.dccsim.device.Device;
import org.dccsim.device.DeviceState;

/**
 * Devices' durable state ({@link DeviceState}), one JSON file per device in a directory ({@code DATA/devices/}),
 * written whole to a temporary file and renamed over the old one after every command a device handled and every alert
 * it raised, before its answer goes out: a process killed at any moment leaves each file either the old state or the
 * new one, and no device answers a command whose effect (a counter, a credential, a limit) could be lost.
 */
public final class DeviceStateStore {
    private static final Logger LOG = Logger.getLogger(DeviceStateStore.class.getName());
    private final Path dir;
    private final ObjectMapper json = new ObjectMapper();

    public DeviceStateStore(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    public Path dir() {
        return dir;
    }

    private Path file(Device d) {
        return dir.resolve(d.eui().fileStem() + ".json");
    }

    /** Puts back a device's saved state, if there is one; returns whether there was. */
    public boolean load(Device d) {
        Path f = file(d);
        if (!Files.isRegularFile(f)) {
            return false;
        }
        try {
            DeviceState s = json.readValue(f.toFile(), DeviceState.class);
            if (s == null || !d.eui().toString().equals(s.eui())) {
                LOG.warning(() -> f + " is not " + d.eui() + "'s state; ignored");
                return false;
            }
            d.restore(s);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> f + " is unreadable (" + e.getMessage() + "); " + d.eui() + " starts afresh");
            return false;
        }
    }

    /**
     * Saves a device's state, atomically, readable by its owner only: a re-keyed device's state holds its own private
     * key (as {@code PemFiles.writePrivateKey} keeps key files 0600).
     */
    public void save(Device d) {
        Path f = file(d);
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            json.writeValue(tmp.toFile(), d.snapshot());
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + d.eui() + "'s state in " + dir, e);
        }
    }
}
