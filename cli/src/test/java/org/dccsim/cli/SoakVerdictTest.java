package org.dccsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The soak's verdict on synthetic series: noise is flat, a leak grows. */
class SoakVerdictTest {
    private static List<SoakCommand.Sample> series(double liveSlopePerSample, double rssSlopePerSample, int threadsAtEnd) {
        Random rnd = new Random(3);
        List<SoakCommand.Sample> s = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            s.add(new SoakCommand.Sample(30L * (i + 1), 1000L * i, 0, 40 + liveSlopePerSample * i + rnd.nextDouble(),
                    700 + rssSlopePerSample * i + (rnd.nextDouble() - 0.5) * 300, i == 59 ? threadsAtEnd : 62, 70, 4));
        }
        return s;
    }

    private static String verdict(List<SoakCommand.Sample> s, boolean[] ok) {
        StringWriter w = new StringWriter();
        ok[0] = SoakCommand.verdict(s, new PrintWriter(w, true));
        return w.toString();
    }

    @Test
    void noisyButLevelResources_areFlat() {
        boolean[] ok = {false};
        String v = verdict(series(0, 0, 62), ok);
        assertThat(ok[0]).as(v).isTrue();
        assertThat(v).contains("RSS MB      flat").contains("live set MB flat");
    }

    @Test
    void aLeak_growsAndFailsTheVerdict() {
        boolean[] ok = {true};
        String v = verdict(series(0.5, 0, 62), ok); // 1 MB a minute
        assertThat(ok[0]).isFalse();
        assertThat(v).contains("live set MB GROWS");
        assertThat(verdict(series(0, 8, 62), ok)).contains("RSS MB      GROWS");
        assertThat(verdict(series(0, 0, 90), ok)).contains("threads     GROWS");
    }
}
