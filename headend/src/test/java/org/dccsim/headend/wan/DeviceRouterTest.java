package org.dccsim.headend.wan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dccsim.clock.ManualClock;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.device.fleet.FleetSpecs;
import org.dccsim.device.wan.CommsHubLink;
import org.dccsim.device.wan.FaultPlan;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.Check;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.testing.TestParties;
import org.dccsim.gbcs.usecase.AuxiliaryController;
import org.dccsim.gbcs.usecase.CommandContext;
import org.dccsim.gbcs.usecase.DeviceAlert;
import org.dccsim.gbcs.usecase.DeviceAlerts;
import org.dccsim.gbcs.usecase.LimitApcLevel;
import org.dccsim.gbcs.usecase.UseCaseCommands;
import org.junit.jupiter.api.Test;

/** The head-end's WAN server and router against a real device simulator over loopback TCP. */
class DeviceRouterTest {
    private final GbcsSecurity security = TestParties.security();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T16:00:00Z"));

    private byte[] limit(long counter) {
        LimitApcLevel limit = new LimitApcLevel(AuxiliaryController.output(1), 50, CosemDateTime.ofInstant(clock.now()),
                CosemDateTime.ofInstant(clock.now().plusSeconds(3600)));
        return GbcsFrameEncoder.encode(security.addMac(security.sign(UseCaseCommands.build(limit,
                new CommandContext(TestParties.LOAD_CONTROLLER, TestParties.SAPC, counter)))));
    }

    @Test
    void commands_areRoutedAnsweredTimedOutOrRefusedWithoutLeakingPendingEntries() throws Exception {
        Fleet fleet = Fleet.build(FleetSpecs.parse("{\"epoch\": \"2026-06-01T00:00:00Z\", \"sites\": [{\"id\": \"s\", "
                + "\"esme\": \"00DB1234567890A0\", \"assets\": [{\"sapc\": \"00DB1234567890A6\", \"type\": \"BATTERY\"}]}]}",
                false, "t"), clock, security);
        DeviceRouter router = new DeviceRouter(security, WanServer.Limits.DEFAULT, AlertReplayWindow.inMemory());
        LinkedBlockingQueue<byte[]> alerts = new LinkedBlockingQueue<>();
        router.onAlerts((device, gbcs) -> alerts.add(gbcs));
        int port = router.server().start("127.0.0.1", 0);
        try (CommsHubLink link = new CommsHubLink(fleet, "127.0.0.1", port, fleet.faults(), Duration.ofMillis(50)).start()) {
            assertThat(link.awaitConnected(Duration.ofSeconds(10))).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!router.server().connected(TestParties.SAPC) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            DeviceRouter.Outcome o = router.send(TestParties.SAPC, TestParties.LOAD_CONTROLLER, 501, limit(501), Duration.ofSeconds(10)).get();
            assertThat(o).isInstanceOf(DeviceRouter.Outcome.Answered.class);
            byte[] response = ((DeviceRouter.Outcome.Answered) o).response();
            assertThat(security.verifySignature(response, new GbcsFrameDecoder().decode(response))).isEqualTo(Check.VALID);
            byte[] alert = alerts.poll(10, TimeUnit.SECONDS);
            assertThat(DeviceAlerts.parse(new GbcsFrameDecoder().decode(alert).apdu()).orElseThrow())
                    .isInstanceOf(DeviceAlert.ApcLimitProcessed.class);

            assertThat(router.send(Eui64.parse("00DB000000000001"), TestParties.LOAD_CONTROLLER, 502, limit(502), Duration.ofSeconds(1)).get())
                    .isInstanceOf(DeviceRouter.Outcome.NotConnected.class);

            fleet.faults().set(TestParties.SAPC, new FaultPlan.Faults(false, 1.0, Duration.ZERO, Duration.ZERO, 0));
            assertThat(router.send(TestParties.SAPC, TestParties.LOAD_CONTROLLER, 503, limit(503), Duration.ofMillis(300)).get())
                    .isInstanceOf(DeviceRouter.Outcome.TimedOut.class);
            assertThat(router.pendingCommands()).isZero();
        } finally {
            router.server().close();
        }
    }

    /** A router and a device link for the SAPC fleet, for the fault cases below. */
    private record Rig(Fleet fleet, DeviceRouter router, CommsHubLink link) implements AutoCloseable {
        @Override
        public void close() {
            link.close();
            router.close();
        }
    }

    private Rig rig() throws Exception {
        Fleet fleet = Fleet.build(FleetSpecs.parse("{\"epoch\": \"2026-06-01T00:00:00Z\", \"sites\": [{\"id\": \"s\", "
                + "\"esme\": \"00DB1234567890A0\", \"assets\": [{\"sapc\": \"00DB1234567890A6\", \"type\": \"BATTERY\"}]}]}",
                false, "t"), clock, security);
        DeviceRouter router = new DeviceRouter(security, WanServer.Limits.DEFAULT, AlertReplayWindow.inMemory());
        int port = router.server().start("127.0.0.1", 0);
        CommsHubLink link = new CommsHubLink(fleet, "127.0.0.1", port, fleet.faults(), Duration.ofMillis(50)).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!router.server().connected(TestParties.SAPC) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return new Rig(fleet, router, link);
    }

    @Test
    void expect_eitherOfTwoParties_completesOnTheAnswerToTheOneThatSentIt_andLeavesNothingWaiting() throws Exception {
        try (Rig r = rig()) {
            // A command journalled before originators were recorded: the user's or the ACB's, not known which.
            Eui64 user = Eui64.parse("90B3D51F30010000");
            java.util.concurrent.CompletableFuture<DeviceRouter.Outcome> answered = r.router().expect(TestParties.SAPC,
                    java.util.List.of(user, TestParties.LOAD_CONTROLLER), 721, Duration.ofSeconds(10));
            assertThat(r.router().pendingCommands()).as("waiting under both parties").isEqualTo(2);
            assertThat(r.router().server().send(TestParties.SAPC, limit(721))).isTrue();
            assertThat(answered.get(10, TimeUnit.SECONDS)).isInstanceOf(DeviceRouter.Outcome.Answered.class);
            // The other party's wait ends as the answer's completion runs on, just after get() has returned.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (r.router().pendingCommands() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(r.router().pendingCommands()).as("the other party's wait ended with it").isZero();

            java.util.concurrent.CompletableFuture<DeviceRouter.Outcome> silent = r.router().expect(TestParties.SAPC,
                    java.util.List.of(user, TestParties.LOAD_CONTROLLER), 722, Duration.ofMillis(200));
            assertThat(silent.get(10, TimeUnit.SECONDS)).isInstanceOf(DeviceRouter.Outcome.TimedOut.class);
            assertThat(r.router().pendingCommands()).as("the timeout removes every party's wait before it completes")
                    .isZero();
        }
    }

    @Test
    void injectedCorruption_isCaughtByTheHeadEndsChecks_andTheCommandTimesOut() throws Exception {
        try (Rig r = rig()) {
            r.fleet().faults().set(TestParties.SAPC, new FaultPlan.Faults(false, 0, Duration.ZERO, Duration.ZERO, 1.0));
            assertThat(r.router().send(TestParties.SAPC, TestParties.LOAD_CONTROLLER, 701, limit(701), Duration.ofSeconds(2)).get())
                    .isInstanceOf(DeviceRouter.Outcome.TimedOut.class);
            assertThat(r.router().refusedMessages()).as("the corrupted response (and its alert) refused").isPositive();

            r.fleet().faults().clear(TestParties.SAPC);
            assertThat(r.router().send(TestParties.SAPC, TestParties.LOAD_CONTROLLER, 702, limit(702), Duration.ofSeconds(10)).get())
                    .isInstanceOf(DeviceRouter.Outcome.Answered.class);
        }
    }

    @Test
    void injectedLatency_longerThanTheDeviceTimeout_makesTheCommandTimeOut() throws Exception {
        try (Rig r = rig()) {
            r.fleet().faults().set(TestParties.SAPC, new FaultPlan.Faults(false, 0, Duration.ofSeconds(3), Duration.ZERO, 0));
            assertThat(r.router().send(TestParties.SAPC, TestParties.LOAD_CONTROLLER, 711, limit(711), Duration.ofMillis(500)).get())
                    .isInstanceOf(DeviceRouter.Outcome.TimedOut.class);
            // The late response arrives after its command has gone: refused as answering nothing.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (r.router().refusedMessages() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(r.router().refusedMessages()).isPositive();

            r.fleet().faults().clear(TestParties.SAPC);
            assertThat(r.router().send(TestParties.SAPC, TestParties.LOAD_CONTROLLER, 712, limit(712), Duration.ofSeconds(10)).get())
                    .isInstanceOf(DeviceRouter.Outcome.Answered.class);
        }
    }
}
