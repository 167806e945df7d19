package org.dccsim.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dccsim.gbcs.Eui64;

/**
 * Devices for the batch verbs: a file with one EUI-64 per line ({@code #} comments and blank lines skipped), or a
 * lab's {@code devices.csv} ({@code eui,type,site,asset,controller,vlp,tags}), whose VLP column says who controls each
 * asset and whose tags {@code --tag} selects by.
 */
final class DeviceList {
    /** One device; type, site, VLP and tags are empty when the list did not say. */
    record Target(Eui64 eui, String type, String site, String vlp, List<String> tags) {
    }

    static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

    private DeviceList() {
    }

    static List<Target> read(Path file) {
        List<String> lines;
        try {
            if (!Files.isRegularFile(file)) {
                throw new UserError(ExitCodes.BAD_INPUT, file + ": no such file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new UserError(ExitCodes.BAD_INPUT, file + ": larger than 16 MiB");
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError(ExitCodes.BAD_INPUT, file + ": cannot read: " + e.getMessage());
        }
        boolean csv = !lines.isEmpty() && lines.get(0).trim().toLowerCase().startsWith("eui,");
        List<Target> out = new ArrayList<>();
        for (int i = csv ? 1 : 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = csv ? line.split(",", -1) : new String[] {line};
            Eui64 eui;
            try {
                eui = Eui64.parse(f[0].trim());
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCodes.BAD_INPUT, file + " line " + (i + 1) + ": " + e.getMessage());
            }
            out.add(new Target(eui, field(f, 1), field(f, 2), field(f, 5),
                    field(f, 6).isEmpty() ? List.of() : Arrays.asList(field(f, 6).split("\\s+"))));
        }
        return out;
    }

    /** The lab's devices whose tags, VLP, site or asset type name {@code tag} (case-insensitive). */
    static List<Target> tagged(Path devicesCsv, String tag) {
        String t = tag.toLowerCase();
        return read(devicesCsv).stream().filter(d -> d.tags().stream().anyMatch(x -> x.equalsIgnoreCase(t))
                || d.vlp().equalsIgnoreCase(t) || d.site().equalsIgnoreCase(t)).toList();
    }

    private static String field(String[] f, int i) {
        return i < f.length ? f[i].trim() : "";
    }
}
