package org.dccsim.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When the default warm-up stops (once the CPU per limit has stopped falling and the JIT has gone quiet, not before), and
 * where its rounds fall.
 */
class WarmupPlateauTest {
    @Test
    void plateaued_cpuStillFallingMoreThanThreePercent_isFalse() {
        // Rounds 15 to 20 of a 2,000-SAPC drill (2026-12-05): a 6 % fall between the two halves.
        assertThat(Drill.plateaued(List.of(1.585, 1.42, 1.37, 1.405, 1.38, 1.32), 6)).isFalse();
    }

    @Test
    void plateaued_cpuLevelOrRisingWithinNoise_isTrue() {
        assertThat(Drill.plateaued(List.of(2.0, 1.40, 1.38, 1.36, 1.37, 1.39, 1.35), 7)).isTrue();
        assertThat(Drill.plateaued(List.of(1.30, 1.31, 1.29, 1.35, 1.33, 1.36), 6)).isTrue();
    }

    @Test
    void plateaued_fewerRoundsThanItCompares_isFalse() {
        assertThat(Drill.plateaued(List.of(1.3, 1.3, 1.3, 1.3, 1.3), 5)).isFalse();
    }

    @Test
    void plateaued_cpuNotMeasured_isTrueSoTheWarmupEndsAtItsMinimum() {
        assertThat(Drill.plateaued(List.of(), 3)).isTrue();
    }

    @Test
    void jitQuiet_compilerStillBusyInTheLastRounds_isFalse() {
        // Rounds 27 to 31 of a 2,000-SAPC drill (2026-12-06): the CPU per limit level, the C2 compiler still at work.
        assertThat(Drill.jitQuiet(List.of(26.6, 13.7, 2.7, 6.8, 4.6), 5)).isFalse();
    }

    @Test
    void jitQuiet_compilerIdleOverTheLastRounds_isTrue() {
        assertThat(Drill.jitQuiet(List.of(26.6, 13.7, 2.7, 6.8, 4.6, 0.1, 0.2, 0.4), 8)).isTrue();
    }

    @Test
    void jitQuiet_fewerRoundsThanItAverages_isFalse() {
        assertThat(Drill.jitQuiet(List.of(0.0, 0.0), 2)).isFalse();
    }

    @Test
    void jitQuiet_compilationTimeNotMeasured_isTrueSoTheCpuAloneDecides() {
        assertThat(Drill.jitQuiet(List.of(), 4)).isTrue();
    }

    @Test
    void roundStart_eachRoundAnHourEarlier_theLastAtTheWarmupsStart_neverBeforeIt() {
        java.time.Instant at = java.time.Instant.parse("2026-06-02T17:00:00Z");
        assertThat(Drill.roundStart(at, 40, 0)).isEqualTo(java.time.Instant.parse("2026-06-04T08:00:00Z"));
        assertThat(Drill.roundStart(at, 40, 1)).isBefore(Drill.roundStart(at, 40, 0));
        assertThat(Drill.roundStart(at, 40, 39)).isEqualTo(at);
        assertThat(Drill.roundStart(at, 1, 0)).isEqualTo(at);
    }
}
