package org.dccsim.headend.wan;

import static org.assertj.core.api.Assertions.assertThat;

import org.dccsim.gbcs.Eui64;
import org.junit.jupiter.api.Test;

class AlertReplayWindowTest {
    private static final Eui64 A = Eui64.parse("00DB1234567890A6");
    private static final Eui64 B = Eui64.parse("00DB1234567890A0");

    @Test
    void accept_eachCounterOnce_perDevice() {
        AlertReplayWindow w = AlertReplayWindow.inMemory();
        assertThat(w.accept(A, 100)).isTrue();
        assertThat(w.accept(A, 100)).isFalse();
        assertThat(w.accept(B, 100)).isTrue();
        assertThat(w.accept(A, 101)).isTrue();
        assertThat(w.accept(A, 101)).isFalse();
    }

    @Test
    void accept_outOfOrderWithinTheWindow_onceEach_andRefusesOlder() {
        AlertReplayWindow w = AlertReplayWindow.inMemory();
        assertThat(w.accept(A, 1_000)).isTrue();
        assertThat(w.accept(A, 990)).isTrue();
        assertThat(w.accept(A, 990)).isFalse();
        assertThat(w.accept(A, 1_000 - AlertReplayWindow.WIDTH + 1)).isTrue();
        assertThat(w.accept(A, 1_000 - AlertReplayWindow.WIDTH)).isFalse();
        assertThat(w.accept(A, 1_200)).isTrue();
        assertThat(w.accept(A, 1_000)).as("now beyond the window").isFalse();
        assertThat(w.accept(A, 1_199)).isTrue();
    }

    @Test
    void accept_afterRestart_onlyAboveTheRecordedHighest() {
        AlertReplayWindow.Store store = AlertReplayWindow.Store.inMemory();
        AlertReplayWindow before = new AlertReplayWindow(store);
        before.accept(A, 50);
        before.accept(A, 40);
        AlertReplayWindow after = new AlertReplayWindow(store);
        assertThat(after.accept(A, 50)).isFalse();
        assertThat(after.accept(A, 45)).isFalse();
        assertThat(after.accept(A, 52)).isTrue();
        assertThat(after.accept(A, 51)).isTrue();
        assertThat(after.accept(A, 49)).isFalse();
    }

    @Test
    void accept_countersCompareUnsigned() {
        AlertReplayWindow w = AlertReplayWindow.inMemory();
        assertThat(w.accept(A, Long.MAX_VALUE)).isTrue();
        assertThat(w.accept(A, Long.MIN_VALUE)).as("0x8000... is above 0x7FFF... unsigned").isTrue();
        assertThat(w.accept(A, Long.MAX_VALUE)).isFalse();
    }
}
