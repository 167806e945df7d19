package org.dccsim.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Where this dccsim lives, so that {@code ../shared} means "beside the repository", not "beside the current
 * directory". The launcher passes {@code -Ddccsim.home}; a jar run by hand ({@code java -jar cli/target/dccsim.jar})
 * finds the repository from its own location.
 */
final class DccsimHome {
    private DccsimHome() {
    }

    /** The repository root, if it can be told. */
    static Optional<Path> home() {
        String given = System.getProperty("dccsim.home");
        if (given != null && !given.isBlank()) {
            return Optional.of(Paths.get(given).toAbsolutePath().normalize());
        }
        try {
            var source = DccsimHome.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            // cli/target/dccsim.jar or cli/target/classes: the repository is two levels above target.
            Path p = Paths.get(source.getLocation().toURI()).toAbsolutePath().normalize();
            for (Path dir = p.getParent(); dir != null; dir = dir.getParent()) {
                if (dir.getFileName() != null && dir.getFileName().toString().equals("target") && dir.getParent() != null
                        && dir.getParent().getParent() != null && Files.isRegularFile(dir.getParent().getParent()
                                .resolve("dccsim"))) {
                    return Optional.of(dir.getParent().getParent());
                }
            }
            return Optional.empty();
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code ../shared} beside the repository, else beside the current directory (a jar copied elsewhere). */
    static Path defaultShared() {
        return home().map(h -> h.resolveSibling("shared")).orElse(Paths.get("..", "shared").toAbsolutePath().normalize());
    }
}
