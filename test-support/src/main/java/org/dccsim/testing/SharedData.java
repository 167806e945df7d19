package org.dccsim.testing;

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

/**
 * Finds the third-party reference data in {@code ../shared} (RTDS, keystore, DUIS material) for tests. It is
 * never copied into this repository; when it is absent, tests that need it are skipped with a message saying
 * so. {@code -Ddccsim.shared=DIR} points elsewhere.
 */
public final class SharedData {
    /** Every skip for want of ../shared says this, so {@link SharedDataSkipReport} can count them. */
    static final String SKIP_MARK = "[needs ../shared]";

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
        assumeTrue(root.isPresent(), SKIP_MARK + " ../shared not found beside the repository: skipping tests that need "
                + relative + " (set -Ddccsim.shared=DIR to point at it)");
        Path p = root.get().resolve(relative);
        assumeTrue(Files.exists(p), SKIP_MARK + " ../shared/" + relative + " not found: skipping tests that need it");
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

    /** A file of hex digits (white space ignored), as the RTDS .HEX files are. */
    public static byte[] hexFile(Path p) {
        String text;
        try {
            text = Files.readString(p, StandardCharsets.US_ASCII).replaceAll("\\s+", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (text.length() % 2 != 0) {
            throw new IllegalStateException(p + ": odd number of hex digits");
        }
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(text.charAt(2 * i), 16);
            int lo = Character.digit(text.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalStateException(p + ": not a hex digit at offset " + 2 * i);
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
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
