package org.dccsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The GB-day replay end to end, small: a head-end and two devices processes started by the command, the day's
 * requests sent by its users and answered; the figures it reports are read off the output. Measures nothing (no
 * test asserts a time); it checks the replay runs, splits the fleet and accounts for every request.
 */
class GbDayCommandTest {
    @Test
    void gbDay_tinyScale_answersEveryRequestFromTwoDevicesProcesses() {
        CliRunner r = CliRunner.run("bench", "gb-day", "--scale", "0.000005", "--minutes", "0.25", "--sites", "6",
                "--device-processes", "2", "--warmup-seconds", "2");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("165 requests", "devices connected: 18",
                "day: 165 sent, 165 answered I0, 0 failed", "kept up");
        assertThat(r.out()).containsPattern("request handling \\(receipt to synchronous reply; [1-9][0-9,]* requests\\): p50 [0-9.]+");
        assertThat(r.out()).containsPattern("answer handling \\(device answer to DUIS response ready; [1-9][0-9,]* answers\\)");
        assertThat(r.out()).containsPattern("CPU, cores busy on average: devices-1 [0-9.]+, devices-2 [0-9.]+, headend [0-9.]+");
    }

    @Test
    void warmup_drawsTheMixEvenlyOverItsSeconds() {
        java.util.List<GbDayTraffic.Arrival> w = new GbDayTraffic(0.001, 1).warmup(10_000, 60);
        assertThat(w).hasSize(10_000);
        assertThat(w.get(0).atSecond()).isZero();
        assertThat(w.get(9_999).atSecond()).isLessThan(60);
        long profiles = w.stream().filter(a -> a.kind().srv().equals("4.8.1")).count();
        assertThat(profiles).isBetween(3_300L, 3_700L);
    }

    @Test
    void gbDay_badOptions_exitTwoWithoutStartingAnything() {
        CliRunner r = CliRunner.run("bench", "gb-day", "--scale", "0");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("--scale");
        CliRunner p = CliRunner.run("bench", "gb-day", "--device-processes", "99");
        assertThat(p.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void devices_badPart_exitsTwo() {
        CliRunner r = CliRunner.run("devices", "--keys", ".", "--part", "3/2");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("--part must be K/N");
    }
}
