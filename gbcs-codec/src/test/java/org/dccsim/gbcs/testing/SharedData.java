package org.dccsim.gbcs.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.Hex;

/**
 * Finds the third-party reference data in {@code ../shared} (RTDS, keystore, DUIS material) for tests. It is
 * never copied into this repository; when it is absent, tests that need it are skipped with a message saying
 * so. {@code -Ddccsim.shared=DIR} points elsewhere.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Optional<Path> root() {
        String configured = System.getProperty("dccsim.shared");
        if (configured != null && !configured.isBlank()) {
            Path p = Paths.get(configured);
            return Files.isDirectory(p) ? Optional.of(p.toAbsolutePath().normalize()) : Optional.empty();
        }
        Path dir = Paths.get("").toAbsolutePath();
        for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolve("shared");
            if (Files.isDirectory(candidate.resolve("rtds")) || Files.isDirectory(candidate.resolve("reference"))) {
                return Optional.of(candidate.normalize());
            }
        }
        return Optional.empty();
    }

    /** The path under ../shared, or the test is skipped with a clear message. */
    public static Path require(String relative) {
        Optional<Path> root = root();
        assumeTrue(root.isPresent(), "../shared not found beside the repository: skipping tests that need " + relative
                + " (set -Ddccsim.shared=DIR to point at it)");
        Path p = root.get().resolve(relative);
        assumeTrue(Files.exists(p), "../shared/" + relative + " not found: skipping tests that need it");
        return p;
    }

    public static Path rtds() {
        return require("rtds/RTDS-4.5.0");
    }

    public static Path rtdsKeystore() {
        return require("rtds/keystore");
    }

    /** Every RTDS .HEX file, sorted by path for stable output. */
    public static List<Path> rtdsFiles() {
        Path root = rtds();
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".HEX")).sorted(Comparator.comparing(Path::toString))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] hexFile(Path p) {
        try {
            return Hex.decode(Files.readString(p, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GbcsDecodeException e) {
            throw new IllegalStateException(p + ": " + e.getMessage(), e);
        }
    }

    /** The RTDS manifest: one map of column to value per file, keyed by the path under rtds/. */
    public static Map<String, Map<String, String>> rtdsManifest() {
        Path manifest = require("reference/gbcs/rtds-manifest.tsv");
        try {
            List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
            String[] header = lines.get(0).split("\t", -1);
            Map<String, Map<String, String>> out = new HashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t", -1);
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.length && i < f.length; i++) {
                    row.put(header[i], f[i]);
                }
                out.put(f[0], row);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String rtdsRelative(Path file) {
        Path rtdsDir = rtds().getParent();
        return rtdsDir.relativize(file).toString().replace('\\', '/');
    }
}
