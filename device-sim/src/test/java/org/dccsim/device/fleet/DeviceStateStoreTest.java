package org.dccsim.device.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dccsim.clock.ManualClock;
import org.dccsim.device.Outbound;
import org.dccsim.device.Rejection;
import org.dccsim.device.Device;
import org.dccsim.device.TrustAnchors;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.testing.TestParties;
import org.dccsim.gbcs.usecase.AuxiliaryController;
import org.dccsim.gbcs.usecase.CommandContext;
import org.dccsim.gbcs.usecase.LimitApcLevel;
import org.dccsim.gbcs.usecase.Role;
import org.dccsim.gbcs.usecase.UseCaseCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A device's state kept across a restart: the limit it applied, the counter it accepted, its trust anchors. */
class DeviceStateStoreTest {
    static final Instant T0 = Instant.parse("2026-06-01T16:00:00Z");

    @TempDir
    Path dir;

    private final GbcsSecurity security = TestParties.security();
    private final TrustAnchors trust = new TrustAnchors().set(Role.SUPPLIER, TestParties.SUPPLIER).set(Role.ACB, TestParties.ACB)
            .set(Role.LOAD_CONTROLLER, TestParties.LOAD_CONTROLLER);

    private byte[] limit(long counter) {
        LimitApcLevel cmd = new LimitApcLevel(AuxiliaryController.output(1), 20, CosemDateTime.ofInstant(T0.plus(Duration.ofHours(1))),
                CosemDateTime.ofInstant(T0.plus(Duration.ofHours(3))));
        var apdu = security.sign(UseCaseCommands.build(cmd, new CommandContext(TestParties.LOAD_CONTROLLER, TestParties.SAPC,
                counter)), TestParties.LOAD_CONTROLLER);
        return GbcsFrameEncoder.encode(security.addMac(apdu));
    }

    @Test
    void aRestartedDevice_keepsItsLimitAndCounter_andRefusesTheCommandReplayed() throws Exception {
        ManualClock clock = new ManualClock(T0);
        byte[] command = limit(5000);
        Device before = Device.sapc(TestParties.SAPC, clock, security, trust);
        DeviceStateStore store = new DeviceStateStore(dir);
        List<Outbound> out = before.receive(command);
        assertThat(out).isNotEmpty();
        store.save(before);

        Device after = Device.sapc(TestParties.SAPC, clock, security, trust);
        assertThat(after.controllerLevel(1, T0.plus(Duration.ofHours(2)))).as("a fresh device has no limit").isEqualTo(100);
        assertThat(store.load(after)).isTrue();
        assertThat(after.controllerLevel(1, T0.plus(Duration.ofHours(2)))).isEqualTo(20);
        assertThat(after.controllerLevel(1, T0.plus(Duration.ofHours(4)))).isEqualTo(100);
        assertThat(after.lastAcceptedCounter(TestParties.LOAD_CONTROLLER)).contains(5000L);
        // The alert counter never goes back: it is the saved one, or the new device's own if that is higher.
        assertThat(after.snapshot().alertCounter()).isGreaterThanOrEqualTo(before.snapshot().alertCounter());
        assertThat(after.snapshot()).usingRecursiveComparison().ignoringFields("alertCounter").isEqualTo(before.snapshot());
        // The same command again: a replay, refused by the restarted device as it would have been before.
        assertThat(after.receive(command)).noneMatch(o -> o.kind() == Outbound.Kind.RESPONSE);
        assertThat(after.rejections(Rejection.Reason.REPLAYED_COUNTER)).isEqualTo(1);
        assertThat(after.receive(limit(5001))).anyMatch(o -> o.kind() == Outbound.Kind.RESPONSE);
    }

    @Test
    void aDeviceWithNoSavedState_startsAfresh_andAnUnreadableFileIsIgnored() throws Exception {
        ManualClock clock = new ManualClock(T0);
        DeviceStateStore store = new DeviceStateStore(dir);
        Device d = Device.sapc(TestParties.SAPC, clock, security, trust);
        assertThat(store.load(d)).isFalse();
        java.nio.file.Files.writeString(dir.resolve(TestParties.SAPC.fileStem() + ".json"), "{not json");
        assertThat(store.load(d)).isFalse();
        assertThat(d.lastAcceptedCounter(TestParties.LOAD_CONTROLLER)).isEmpty();
    }
}
