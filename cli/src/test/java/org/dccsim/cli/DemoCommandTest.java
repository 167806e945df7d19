package org.dccsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path data;

    /**
     * The whole story over real loopback HTTP and TCP, real XML signatures and GBCS crypto: credentials installed,
     * limits acknowledged with 8F86 then 8F87, and every settlement period balancing against the true demand.
     * Not tagged slow (about ten seconds): it is the project's main job and the widest test there is.
     */
    @Test
    void demo_atHalfAnHourASecond_playsTheWholeStoryAndBalancesEverySettlementPeriod() {
        CliRunner r = CliRunner.run("demo", "--data", data.toString(), "--speed", "1800");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("4 of 4 SAPCs now trust the VLP")
                .contains("received: {response I0=4, alert 8F86=4}")
                .contains("received: {alert 8F87=4}")
                .contains("primary volume equals each household's demand in every period")
                .contains("P375: 18 site-periods balance")
                .contains(", 0 do not; 0 sites not fully read");
        // Each home's table: six half-hours, primary = household in every one.
        assertThat(r.out().lines().filter(l -> l.matches("\\s+1[6-8]:[03]0 .* yes\\s+(yes|no)"))).hasSize(18);
        assertThat(data.resolve("demo/pki-seed")).exists();
    }

    @Test
    void demo_withADamagedPkiSeed_saysHowToRecover() throws Exception {
        Files.createDirectories(data.resolve("demo"));
        Files.writeString(data.resolve("demo/pki-seed"), "not hex\n");
        CliRunner r = CliRunner.run("demo", "--data", data.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("is damaged; delete it");
    }

    @Test
    void demo_withAnAbsurdSpeed_isRefused() {
        CliRunner r = CliRunner.run("demo", "--data", data.toString(), "--speed", "5");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("--speed must be between 60 and 100000");
    }
}
