package org.dccsim.cli;

import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Renders a page in Debian's headless Chromium and reports the laid-out size of every {@code svg.chart}: a test
 * copy of the page gets a script that measures the charts and writes the figures into the DOM, which
 * {@code --dump-dom} prints once the page has loaded. CI installs Chromium and sets DCCSIM_REQUIRE_CHROMIUM, so
 * there a missing browser fails instead of skipping.
 */
final class HeadlessChromium {
    /** One chart as the browser laid it out: its id, size in CSS pixels and how many shapes it drew. */
    record Chart(String id, int width, int height, int shapes) {
    }

    private static final String MEASURE = "<script>(function(){var out=[];"
            + "document.querySelectorAll('svg.chart').forEach(function(s){var r=s.getBoundingClientRect();"
            + "out.push(s.id+':'+Math.round(r.width)+':'+Math.round(r.height)+':'+s.querySelectorAll('rect,path,line').length);});"
            + "var p=document.createElement('pre');p.id='dccsim-measure';p.textContent='['+out.join(';')+']';"
            + "document.body.appendChild(p);})();</script>";

    private HeadlessChromium() {
    }

    static Path executable() {
        String configured = System.getenv("CHROMIUM");
        for (String c : new String[] {configured, "/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (c != null && Files.isExecutable(Paths.get(c))) {
                return Paths.get(c);
            }
        }
        if (System.getenv("DCCSIM_REQUIRE_CHROMIUM") != null) {
            fail("DCCSIM_REQUIRE_CHROMIUM is set but no Chromium was found (install Debian's 'chromium')");
        }
        Assumptions.abort("no Chromium here (apt-get install chromium); .ci/run installs it and runs this check");
        return null;
    }

    static List<Chart> measureCharts(Path page, Path work) throws Exception {
        Path chromium = executable();
        String html = Files.readString(page, StandardCharsets.UTF_8);
        Path probe = work.resolve("measured-" + page.getFileName());
        Files.writeString(probe, html.replace("</body>", MEASURE + "</body>"), StandardCharsets.UTF_8);
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        Path dom = work.resolve("dom.html");
        // The flags keep Chromium off the (closed) network and out of the sandbox it cannot set up as root.
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1000,2000", "--dump-dom", probe.toUri().toString())
                .redirectOutput(dom.toFile()).redirectError(work.resolve("chromium.log").toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("Chromium did not finish rendering " + page + " in 90 s");
        }
        Matcher m = Pattern.compile("<pre id=\"dccsim-measure\">\\[(.*?)]</pre>").matcher(Files.readString(dom));
        if (!m.find()) {
            fail("Chromium rendered no measurements (exit " + p.exitValue() + "): " + Files.readString(work.resolve("chromium.log")));
        }
        List<Chart> charts = new ArrayList<>();
        for (String c : m.group(1).split(";")) {
            if (c.isBlank()) {
                continue;
            }
            String[] f = c.split(":");
            charts.add(new Chart(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3])));
        }
        return charts;
    }

    /**
     * A PNG of the page as Chromium draws it, {@code width} CSS pixels wide and tall enough for a drill report,
     * written to {@code png}: a person can look at what the tests only measure.
     */
    static void screenshot(Path page, Path png, Path work) throws Exception {
        Path chromium = executable();
        Path profile = Files.createTempDirectory(work, "chromium-shot");
        Files.createDirectories(png.toAbsolutePath().getParent());
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1000,3200",
                "--screenshot=" + png.toAbsolutePath(), page.toUri().toString())
                .redirectOutput(work.resolve("chromium-shot.log").toFile()).redirectErrorStream(true).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("Chromium did not finish the screenshot of " + page + " in 90 s");
        }
    }
}
