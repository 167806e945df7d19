package org.dccsim.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.opentest4j.TestAbortedException;

/**
 * Counts the tests skipped because {@code ../shared} (or a file in it) is absent and says so in one line, so a run
 * without DCC's reference data cannot pass for a full one. Registered through {@code META-INF/services}, so every
 * module whose tests depend on this one reports.
 *
 * <p>Across a multi-module build, each module writes its count under the root's {@code target/shared-skips/<build>}
 * (the build id is Maven's session start time, the same in every module), and the module the root POM marks as the
 * last one ({@code dccsim.skipReport.final}) prints the whole build's total: its line is the last test output before
 * Maven's summary.
 */
public final class SharedDataSkipReport implements TestExecutionListener {
    private TestPlan plan;
    private int skipped;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (result.getStatus() != TestExecutionResult.Status.ABORTED || !isSharedDataSkip(result.getThrowable())) {
            return;
        }
        if (id.isTest()) {
            skipped++;
        } else if (plan != null) {
            // An aborted container (an assumption in @BeforeAll) skips every test in it without reporting them.
            skipped += (int) plan.getDescendants(id).stream().filter(TestIdentifier::isTest).count();
        }
    }

    private static boolean isSharedDataSkip(Optional<Throwable> t) {
        return t.filter(TestAbortedException.class::isInstance).map(Throwable::getMessage)
                .filter(m -> m.contains(SharedData.SKIP_MARK)).isPresent();
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        String module = System.getProperty("dccsim.module", "this module");
        String root = System.getProperty("dccsim.buildRoot");
        String build = System.getProperty("dccsim.buildId");
        boolean last = Boolean.getBoolean("dccsim.skipReport.final");
        Map<String, Integer> all = new TreeMap<>();
        all.put(module, skipped);
        if (root != null && build != null && !root.isBlank() && !build.isBlank()) {
            Path dir = Paths.get(root, "target", "shared-skips", build);
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve(module), Integer.toString(skipped), StandardCharsets.US_ASCII);
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                    for (Path f : files) {
                        all.put(f.getFileName().toString(), Integer.parseInt(Files.readString(f).trim()));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                System.out.println("[dccsim] could not record the count of skipped tests: " + e);
            }
        }
        if (skipped > 0 && !last) {
            System.out.println("[dccsim] " + module + ": " + skipped + " test(s) skipped because ../shared was not found");
        }
        if (last) {
            int total = all.values().stream().mapToInt(Integer::intValue).sum();
            StringBuilder by = new StringBuilder();
            all.forEach((m, n) -> {
                if (n > 0) {
                    by.append(by.length() == 0 ? "" : ", ").append(m).append(' ').append(n);
                }
            });
            System.out.println(total == 0
                    ? "[dccsim] every test that needs ../shared ran (" + all.size() + " module(s) reported)"
                    : "[dccsim] WARNING: " + total + " test(s) in this build skipped because ../shared was not found ("
                            + by + "): this is not a full run");
        }
    }
}
