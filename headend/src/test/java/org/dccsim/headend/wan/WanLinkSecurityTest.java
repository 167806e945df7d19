package org.dccsim.headend.wan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.dccsim.clock.ManualClock;
import org.dccsim.device.Device;
import org.dccsim.device.Outbound;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.device.fleet.FleetSpecs;
import org.dccsim.device.wan.CommsHubLink;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.EcKeys;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.KeyUsage;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.testing.TestParties;
import org.dccsim.gbcs.usecase.AuxiliaryController;
import org.dccsim.gbcs.usecase.CommandContext;
import org.dccsim.gbcs.usecase.DeviceAlert;
import org.dccsim.gbcs.usecase.DeviceAlerts;
import org.dccsim.gbcs.usecase.LimitApcLevel;
import org.dccsim.gbcs.usecase.UseCaseCommands;
import org.dccsim.gbcs.wan.WanFrame;
import org.dccsim.gbcs.wan.WanFrameCodec;
import org.dccsim.gbcs.wan.WanRegistration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The head-end's WAN port against rogue and broken links over loopback TCP (issue: hostile network): route hijack,
 * replayed registrations and alerts, forged responses, idle and half-open sockets, caps and the frame limit. Each
 * case failed before the WAN side proved registrations and checked device messages.
 */
class WanLinkSecurityTest {
    private final GbcsSecurity security = TestParties.security();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T16:00:00Z"));
    private final Fleet fleet = fleet();
    private final LinkedBlockingQueue<byte[]> alerts = new LinkedBlockingQueue<>();
    private final List<AutoCloseable> open = new ArrayList<>();
    private DeviceRouter router;
    private int port;

    private Fleet fleet() {
        try {
            return Fleet.build(FleetSpecs.parse("{\"epoch\": \"2026-06-01T00:00:00Z\", \"sites\": [{\"id\": \"s\", "
                    + "\"esme\": \"00DB1234567890A0\", \"assets\": [{\"sapc\": \"00DB1234567890A6\", \"type\": \"BATTERY\"}]}]}",
                    false, "t"), clock, security);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void start(WanServer.Limits limits) throws InterruptedException {
        router = new DeviceRouter(security, limits, AlertReplayWindow.inMemory());
        router.onAlerts((device, gbcs) -> alerts.add(gbcs));
        port = router.server().start("127.0.0.1", 0);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (router != null) {
            router.close();
        }
    }

    private CommsHubLink genuineLink() throws Exception {
        CommsHubLink link = new CommsHubLink(fleet, "127.0.0.1", port, fleet.faults(), Duration.ofMillis(50)).start();
        open.add(link);
        assertThat(link.awaitConnected(Duration.ofSeconds(10))).isTrue();
        awaitTrue(() -> router.server().connected(TestParties.SAPC));
        return link;
    }

    private RawWanClient raw() throws Exception {
        RawWanClient c = new RawWanClient(port);
        open.add(c);
        return c;
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private byte[] limit(long counter) {
        LimitApcLevel limit = new LimitApcLevel(AuxiliaryController.output(1), 50, CosemDateTime.ofInstant(clock.now()),
                CosemDateTime.ofInstant(clock.now().plusSeconds(3600)));
        return GbcsFrameEncoder.encode(security.addMac(security.sign(UseCaseCommands.build(limit,
                new CommandContext(TestParties.LOAD_CONTROLLER, TestParties.SAPC, counter)))));
    }

    private DeviceRouter.Outcome command(long counter, Duration timeout) throws Exception {
        return router.send(TestParties.SAPC, TestParties.LOAD_CONTROLLER, counter, limit(counter), timeout).get();
    }

    private EcKeys.PrivateKey sapcKey() {
        return security.keyStore().privateKey(TestParties.SAPC, KeyUsage.DS).orElseThrow();
    }

    /** A raw link that proves the SAPC with its real key: the device's own link, as a replaying attacker on it. */
    private RawWanClient provenAsSapc() throws Exception {
        RawWanClient c = raw();
        WanFrame challenge = c.read(WanFrame.Kind.CHALLENGE);
        long before = router.server().acceptedRegistrations();
        c.send(WanRegistration.frames(List.of(WanRegistration.prove(challenge.payload(), TestParties.SAPC, sapcKey()))).get(0));
        awaitTrue(() -> router.server().acceptedRegistrations() > before);
        return c;
    }

    private byte[] signedAlert(long counter) {
        DeviceAlert a = new DeviceAlert.ApcLimitProcessed(CosemDateTime.ofInstant(clock.now()), AuxiliaryController.output(1),
                CosemDateTime.ofInstant(clock.now()), CosemDateTime.ofInstant(clock.now().plusSeconds(60)), 50);
        GeneralSigningApdu apdu = DeviceAlerts.build(a, TestParties.SAPC, TestParties.LOAD_CONTROLLER, counter);
        return GbcsFrameEncoder.encodeApdu(security.sign(apdu, TestParties.SAPC));
    }

    private static String text(WanFrame f) {
        return f == null ? "(link closed without a frame)" : new String(f.payload(), StandardCharsets.UTF_8);
    }

    @Test
    void register_unprovenUnderTheDefaultPolicy_isRefusedAndTheDeviceKeepsItsRoute() throws Exception {
        start(WanServer.Limits.DEFAULT);
        genuineLink();
        RawWanClient rogue = raw();
        assertThat(rogue.read(WanFrame.Kind.CHALLENGE)).isNotNull();
        rogue.send(WanFrame.register(List.of(TestParties.SAPC)));

        WanFrame error = rogue.read(WanFrame.Kind.ERROR);
        assertThat(text(error)).contains("unproven registration refused");
        assertThat(rogue.closedByPeer()).isTrue();
        assertThat(command(601, Duration.ofSeconds(10))).isInstanceOf(DeviceRouter.Outcome.Answered.class);
    }

    @Test
    void register_forgedSignature_isRefusedAndTheLinkClosed() throws Exception {
        start(WanServer.Limits.DEFAULT);
        genuineLink();
        RawWanClient rogue = raw();
        rogue.read(WanFrame.Kind.CHALLENGE);
        rogue.send(WanRegistration.frames(List.of(new WanRegistration.Proof(TestParties.SAPC, new byte[64]))).get(0));

        assertThat(text(rogue.read(WanFrame.Kind.ERROR))).contains("none of the 1 registrations proved its device");
        assertThat(rogue.closedByPeer()).isTrue();
        assertThat(router.server().refusedRegistrations()).isEqualTo(1);
        assertThat(command(602, Duration.ofSeconds(10))).isInstanceOf(DeviceRouter.Outcome.Answered.class);
    }

    @Test
    void register_proofCapturedFromAnotherLink_isRefused() throws Exception {
        start(WanServer.Limits.DEFAULT);
        genuineLink();
        // A genuine proof, but for some other link's challenge: what an eavesdropper could capture and replay.
        WanRegistration.Proof captured = WanRegistration.prove(new byte[WanRegistration.CHALLENGE_LENGTH], TestParties.SAPC,
                sapcKey());
        RawWanClient rogue = raw();
        rogue.read(WanFrame.Kind.CHALLENGE);
        rogue.send(WanRegistration.frames(List.of(captured)).get(0));

        assertThat(text(rogue.read(WanFrame.Kind.ERROR))).contains("its signature does not verify");
        assertThat(command(603, Duration.ofSeconds(10))).isInstanceOf(DeviceRouter.Outcome.Answered.class);
    }

    @Test
    void register_unknownDevice_isRefused() throws Exception {
        start(WanServer.Limits.DEFAULT);
        RawWanClient rogue = raw();
        WanFrame challenge = rogue.read(WanFrame.Kind.CHALLENGE);
        Eui64 stranger = Eui64.parse("AABBCCDDEEFF0011");
        rogue.send(WanRegistration.frames(List.of(WanRegistration.prove(challenge.payload(), stranger, sapcKey()))).get(0));

        assertThat(text(rogue.read(WanFrame.Kind.ERROR))).contains("no signing key known");
        assertThat(router.server().connected(stranger)).isFalse();
    }

    @Test
    void register_openPolicy_neverDisplacesALiveRoute() throws Exception {
        start(WanServer.Limits.DEFAULT.withRegistration(WanServer.Registration.OPEN));
        genuineLink();
        RawWanClient rogue = raw();
        rogue.read(WanFrame.Kind.CHALLENGE);
        rogue.send(WanFrame.register(List.of(TestParties.SAPC)));

        awaitTrue(() -> router.server().refusedRegistrations() == 1);
        assertThat(command(604, Duration.ofSeconds(10))).isInstanceOf(DeviceRouter.Outcome.Answered.class);
    }

    @Test
    void register_newerProofOfTheSameDevice_takesTheRouteAndTheOldLinksFramesAreIgnored() throws Exception {
        start(WanServer.Limits.DEFAULT);
        genuineLink();
        RawWanClient holder = provenAsSapc();
        awaitTrue(() -> router.server().links() == 2);

        router.send(TestParties.SAPC, TestParties.LOAD_CONTROLLER, 605, limit(605), Duration.ofSeconds(10));
        WanFrame cmd = holder.read(WanFrame.Kind.COMMAND);
        assertThat(cmd).isNotNull();
        assertThat(cmd.device()).isEqualTo(TestParties.SAPC);
    }

    @Test
    void idleLinks_areClosed_andTheDevicesReconnectAndProveThemselvesAgain() throws Exception {
        // The device side pings every 30 s, so a 1 s idle limit closes its link again and again.
        start(WanServer.Limits.DEFAULT.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1)));
        genuineLink();
        awaitTrue(() -> router.server().closedLinks() >= 2);
        boolean answered = false;
        for (long c = 610; c < 630 && !answered; c++) {
            awaitTrue(() -> router.server().connected(TestParties.SAPC));
            answered = command(c, Duration.ofMillis(800)) instanceof DeviceRouter.Outcome.Answered;
        }
        assertThat(answered).as("a command answered after the device re-registered").isTrue();
    }

    @Test
    void silentSocket_isClosedWhenItDoesNotRegisterInTime() throws Exception {
        start(WanServer.Limits.DEFAULT.withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(90)));
        RawWanClient silent = raw();
        assertThat(silent.read(WanFrame.Kind.CHALLENGE)).isNotNull();

        assertThat(text(silent.read(WanFrame.Kind.ERROR))).contains("no registration within");
        assertThat(silent.closedByPeer()).isTrue();
        awaitTrue(() -> router.server().links() == 0);
    }

    @Test
    void caps_limitDevicesPerLinkRoutesInTotalAndLinks() throws Exception {
        start(WanServer.Limits.DEFAULT.withRegistration(WanServer.Registration.OPEN).withCaps(2, 3, 4));
        RawWanClient a = raw();
        a.read(WanFrame.Kind.CHALLENGE);
        List<Eui64> first = new ArrayList<>();
        List<Eui64> second = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            first.add(Eui64.of(0x00DB000000001000L + i));
            second.add(Eui64.of(0x00DB000000002000L + i));
        }
        a.send(WanFrame.register(first));
        awaitTrue(() -> router.server().connectedDevices() == 3);
        RawWanClient b = raw();
        b.read(WanFrame.Kind.CHALLENGE);
        b.send(WanFrame.register(second));
        awaitTrue(() -> router.server().refusedRegistrations() == 6);
        assertThat(router.server().connectedDevices()).isEqualTo(4);

        RawWanClient third = raw();
        assertThat(text(third.read(WanFrame.Kind.ERROR))).contains("already serves 2 WAN links");
        assertThat(third.closedByPeer()).isTrue();
    }

    @Test
    void frameOfTheDocumentedMaximum_isAccepted_andOneByteMoreClosesTheLink() throws Exception {
        start(WanServer.Limits.DEFAULT);
        RawWanClient c = raw();
        c.read(WanFrame.Kind.CHALLENGE);
        byte[] payload = new byte[WanFrameCodec.MAX_FRAME_BODY - WanFrameCodec.HEADER];
        c.send(new WanFrame(WanFrame.Kind.PING, WanFrame.LINK, payload));
        WanFrame pong = c.read(WanFrame.Kind.PONG);
        assertThat(pong).isNotNull();
        assertThat(pong.payload()).hasSize(payload.length);

        byte[] tooLong = java.nio.ByteBuffer.allocate(8).putInt(WanFrameCodec.MAX_FRAME_BODY + 1).putInt(0).array();
        c.sendRaw(tooLong);
        assertThat(text(c.read(WanFrame.Kind.ERROR))).contains("frame exceeds");
        assertThat(c.closedByPeer()).isTrue();
    }

    @Test
    void alert_replayedOnTheDevicesOwnLink_reachesTheUserOnce() throws Exception {
        start(WanServer.Limits.DEFAULT);
        RawWanClient device = provenAsSapc();
        byte[] alert = signedAlert(1_000);
        for (int i = 0; i < 50; i++) {
            device.send(new WanFrame(WanFrame.Kind.ALERT, TestParties.SAPC, alert));
        }
        // Out of order within the window is fine; far behind is not.
        device.send(new WanFrame(WanFrame.Kind.ALERT, TestParties.SAPC, signedAlert(1_002)));
        device.send(new WanFrame(WanFrame.Kind.ALERT, TestParties.SAPC, signedAlert(1_001)));
        device.send(new WanFrame(WanFrame.Kind.ALERT, TestParties.SAPC, signedAlert(1_002 - AlertReplayWindow.WIDTH)));

        awaitTrue(() -> router.refusedMessages() == 50);
        assertThat(alerts.poll(5, TimeUnit.SECONDS)).isEqualTo(alert);
        assertThat(alerts.poll(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(alerts.poll(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(alerts.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void alert_forgedStrippedOrClaimingAnotherDevice_isRefused() throws Exception {
        start(WanServer.Limits.DEFAULT);
        RawWanClient device = provenAsSapc();
        byte[] forged = signedAlert(2_000);
        forged[forged.length - 1] ^= 0x01;
        device.send(new WanFrame(WanFrame.Kind.ALERT, TestParties.SAPC, forged));
        device.send(new WanFrame(WanFrame.Kind.ALERT, TestParties.SAPC, new byte[] {1, 2, 3}));
        DeviceAlert a = new DeviceAlert.ApcLimitProcessed(CosemDateTime.ofInstant(clock.now()), AuxiliaryController.output(1),
                CosemDateTime.ofInstant(clock.now()), CosemDateTime.ofInstant(clock.now()), 50);
        byte[] fromEsme = GbcsFrameEncoder.encodeApdu(security.sign(DeviceAlerts.build(a, TestParties.ESME,
                TestParties.LOAD_CONTROLLER, 2_001), TestParties.ESME));
        device.send(new WanFrame(WanFrame.Kind.ALERT, TestParties.SAPC, fromEsme));
        // The alert with its signature stripped: nothing left to check, so nothing to accept.
        byte[] stripped = GbcsFrameEncoder.encodeApdu(DeviceAlerts.build(a, TestParties.SAPC, TestParties.LOAD_CONTROLLER,
                2_002));
        device.send(new WanFrame(WanFrame.Kind.ALERT, TestParties.SAPC, stripped));

        awaitTrue(() -> router.refusedMessages() == 4);
        assertThat(alerts.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    /** The simulated SAPC's own response to a command the router sent down a raw link. */
    private byte[] sapcAnswers(WanFrame command) {
        Device sapc = fleet.device(TestParties.SAPC).orElseThrow();
        return sapc.receive(command.payload()).stream().filter(o -> o.kind() == Outbound.Kind.RESPONSE)
                .findFirst().orElseThrow().frame();
    }

    @Test
    void response_withABrokenMacOrFromAnotherDevice_doesNotAnswerTheCommand() throws Exception {
        start(WanServer.Limits.DEFAULT);
        RawWanClient link = provenAsSapc();
        var outcome = router.send(TestParties.SAPC, TestParties.LOAD_CONTROLLER, 620, limit(620), Duration.ofSeconds(10));
        byte[] genuine = sapcAnswers(link.read(WanFrame.Kind.COMMAND));
        byte[] broken = genuine.clone();
        broken[broken.length - 3] ^= 0x10;
        link.send(new WanFrame(WanFrame.Kind.RESPONSE, TestParties.SAPC, broken));
        awaitTrue(() -> router.refusedMessages() == 1);
        assertThat(outcome).isNotDone();

        link.send(new WanFrame(WanFrame.Kind.RESPONSE, TestParties.SAPC, genuine));
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(DeviceRouter.Outcome.Answered.class);
        // The same response again answers nothing: its command is done.
        link.send(new WanFrame(WanFrame.Kind.RESPONSE, TestParties.SAPC, genuine));
        awaitTrue(() -> router.refusedMessages() == 2);
    }

    @Test
    void twoPartiesUsingOneCounterOnOneDevice_eachGetTheirOwnAnswer() throws Exception {
        // Counters are per remote party (GBCS 4.3.1.2): a supplier and a load controller may both be at 630.
        start(WanServer.Limits.DEFAULT);
        RawWanClient link = provenAsSapc();
        var controllers = router.send(TestParties.SAPC, TestParties.LOAD_CONTROLLER, 630, limit(630), Duration.ofSeconds(10));
        WanFrame cmd = link.read(WanFrame.Kind.COMMAND);
        var suppliers = router.send(TestParties.SAPC, TestParties.SUPPLIER, 630, limit(630), Duration.ofSeconds(10));
        assertThat(suppliers).as("not refused as a duplicate in flight").isNotDone();
        byte[] toController = sapcAnswers(cmd);
        GeneralSigningApdu answered = new org.dccsim.gbcs.frame.GbcsFrameDecoder().decode(toController).apdu();
        byte[] toSupplier = GbcsFrameEncoder.encodeApdu(security.sign(new GeneralSigningApdu(
                org.dccsim.gbcs.frame.CraFlag.RESPONSE, 630, TestParties.SAPC, TestParties.SUPPLIER, answered.dateTime(),
                answered.otherInformation(), answered.content(), org.dccsim.gbcs.frame.SignatureField.NULL),
                TestParties.SAPC));

        link.send(new WanFrame(WanFrame.Kind.RESPONSE, TestParties.SAPC, toSupplier));
        assertThat(suppliers.get(10, TimeUnit.SECONDS)).isInstanceOf(DeviceRouter.Outcome.Answered.class);
        assertThat(controllers).as("the supplier's answer is not the controller's").isNotDone();
        link.send(new WanFrame(WanFrame.Kind.RESPONSE, TestParties.SAPC, toController));
        assertThat(controllers.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(DeviceRouter.Outcome.Answered.class,
                a -> assertThat(a.response()).isEqualTo(toController));
        assertThat(router.refusedMessages()).isZero();
    }
}
