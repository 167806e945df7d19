package org.dccsim.headend.wan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dccsim.clock.ManualClock;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.device.fleet.FleetSpecs;
import org.dccsim.device.wan.CommsHubLink;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.KeyUsage;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
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
import org.junit.jupiter.api.Test;

/**
 * Over 10,000 generated hostile frames at the head-end's WAN port, each with its expected outcome, while a genuine
 * device link stays up: garbage and tampered messages on a device's own proven link are refused one by one (the link
 * stays), messages for devices a link does not hold are ignored, and frames that break the protocol close their link
 * with ERROR. Afterwards nothing reached a user, the genuine device still answers, and no rogue link is left open.
 */
class HostileWanFramesTest {
    private static final long SEED = 0x5EED_13L;
    private final GbcsSecurity security = TestParties.security();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T16:00:00Z"));

    private byte[] limit(long counter) {
        LimitApcLevel limit = new LimitApcLevel(AuxiliaryController.output(1), 50, CosemDateTime.ofInstant(clock.now()),
                CosemDateTime.ofInstant(clock.now().plusSeconds(3600)));
        return GbcsFrameEncoder.encode(security.addMac(security.sign(UseCaseCommands.build(limit,
                new CommandContext(TestParties.LOAD_CONTROLLER, TestParties.SAPC, counter)))));
    }

    private byte[] esmeAlert(long counter) {
        DeviceAlert a = new DeviceAlert.ApcLimitProcessed(CosemDateTime.ofInstant(clock.now()), AuxiliaryController.output(1),
                CosemDateTime.ofInstant(clock.now()), CosemDateTime.ofInstant(clock.now().plusSeconds(60)), 50);
        return GbcsFrameEncoder.encodeApdu(security.sign(DeviceAlerts.build(a, TestParties.ESME, TestParties.LOAD_CONTROLLER,
                counter), TestParties.ESME));
    }

    /** A message that fails the head-end's checks on the ESME's own link: garbage, tampered, or not the ESME's. */
    private byte[] badMessage(Random rnd, byte[] genuineAlert) {
        switch (rnd.nextInt(4)) {
            case 0: {
                byte[] garbage = new byte[rnd.nextInt(300)];
                rnd.nextBytes(garbage);
                return garbage;
            }
            case 1: {
                byte[] tampered = genuineAlert.clone();
                int i = rnd.nextInt(tampered.length);
                tampered[i] ^= (byte) (1 + rnd.nextInt(255));
                return tampered;
            }
            case 2:
                return java.util.Arrays.copyOf(genuineAlert, rnd.nextInt(genuineAlert.length));
            default:
                return limit(900_000 + rnd.nextInt(1000)); // a command, and the SAPC's, sent as the ESME's
        }
    }

    @Test
    void tenThousandHostileFrames_eachMeetsItsOutcome_andNothingReachesAUser() throws Exception {
        Random rnd = new Random(SEED);
        Fleet fleet = Fleet.build(FleetSpecs.parse("{\"epoch\": \"2026-06-01T00:00:00Z\", \"sites\": [{\"id\": \"s\", "
                + "\"esme\": \"00DB1234567890A0\", \"assets\": [{\"sapc\": \"00DB1234567890A6\", \"type\": \"BATTERY\"}]}]}",
                false, "t"), clock, security);
        fleet.faults().set(TestParties.ESME, new org.dccsim.device.wan.FaultPlan.Faults(true, 0, Duration.ZERO,
                Duration.ZERO, 0)); // the genuine link leaves the ESME to the test's own link
        DeviceRouter router = new DeviceRouter(security, WanServer.Limits.DEFAULT, AlertReplayWindow.inMemory());
        LinkedBlockingQueue<byte[]> delivered = new LinkedBlockingQueue<>();
        router.onAlerts((d, a) -> delivered.add(a));
        int port = router.server().start("127.0.0.1", 0);
        int frames = 0;
        try (CommsHubLink genuine = new CommsHubLink(fleet, "127.0.0.1", port, fleet.faults(), Duration.ofMillis(50)).start()) {
            assertThat(genuine.awaitConnected(Duration.ofSeconds(10))).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!router.server().connected(TestParties.SAPC) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            // 1. 6,000 bad messages on the ESME's own proven link: each refused, the link stays.
            byte[] genuineAlert = esmeAlert(5_000);
            try (RawWanClient esme = new RawWanClient(port)) {
                WanFrame challenge = esme.read(WanFrame.Kind.CHALLENGE);
                esme.send(WanRegistration.frames(List.of(WanRegistration.prove(challenge.payload(), TestParties.ESME,
                        security.keyStore().privateKey(TestParties.ESME, KeyUsage.DS).orElseThrow()))).get(0));
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!router.server().connected(TestParties.ESME) && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                int bad = 6_000;
                for (int i = 0; i < bad; i++) {
                    esme.send(new WanFrame(rnd.nextBoolean() ? WanFrame.Kind.ALERT : WanFrame.Kind.RESPONSE, TestParties.ESME,
                            badMessage(rnd, genuineAlert)));
                }
                frames += bad;
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (router.refusedMessages() < bad && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(router.refusedMessages()).as("refused (ignored %d, links %d, connected %s)",
                        router.server().ignoredFrames(), router.server().links(), router.server().connected(TestParties.ESME))
                        .isEqualTo(bad);
                assertThat(router.server().connected(TestParties.ESME)).as("the link is not closed for bad messages").isTrue();

                // 2. 2,000 messages for devices this link does not hold: ignored, whatever they carry.
                long ignoredBefore = router.server().ignoredFrames();
                for (int i = 0; i < 2_000; i++) {
                    Eui64 other = i % 2 == 0 ? TestParties.SAPC : Eui64.of(rnd.nextLong());
                    esme.send(new WanFrame(i % 3 == 0 ? WanFrame.Kind.RESPONSE : WanFrame.Kind.ALERT, other,
                            badMessage(rnd, genuineAlert)));
                }
                frames += 2_000;
                // A PING after them: its PONG proves every frame before it was read.
                esme.send(new WanFrame(WanFrame.Kind.PING, WanFrame.LINK, new byte[] {1}));
                assertThat(esme.read(WanFrame.Kind.PONG)).isNotNull();
                assertThat(router.server().ignoredFrames() - ignoredBefore).isEqualTo(2_000);

                // The genuine alert, once, still gets through.
                esme.send(new WanFrame(WanFrame.Kind.ALERT, TestParties.ESME, genuineAlert));
                assertThat(delivered.poll(10, TimeUnit.SECONDS)).isEqualTo(genuineAlert);
            }

            // 3. 2,100 links, each ended by one protocol-breaking frame (or bytes): ERROR, closed.
            for (int i = 0; i < 2_100; i++) {
                try (RawWanClient rogue = new RawWanClient(port)) {
                    rogue.read(WanFrame.Kind.CHALLENGE);
                    rogue.sendRaw(protocolBreaker(rnd, i));
                    WanFrame error = rogue.read(WanFrame.Kind.ERROR);
                    assertThat(error).as("frame %d (kind %d) answered with ERROR", i, i % 7).isNotNull();
                    assertThat(rogue.closedByPeer()).isTrue();
                }
                frames++;
            }
        }
        assertThat(frames).isGreaterThanOrEqualTo(10_000);
        assertThat(delivered.poll(200, TimeUnit.MILLISECONDS)).as("nothing else reached a user").isNull();
        try (CommsHubLink again = new CommsHubLink(fleet, "127.0.0.1", port, fleet.faults(), Duration.ofMillis(50)).start()) {
            long connectBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!router.server().connected(TestParties.SAPC) && System.nanoTime() < connectBy) {
                Thread.sleep(10);
            }
            DeviceRouter.Outcome o = router.send(TestParties.SAPC, TestParties.LOAD_CONTROLLER, 999_999, limit(999_999), Duration.ofSeconds(10)).get();
            assertThat(o).isInstanceOf(DeviceRouter.Outcome.Answered.class);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (router.server().links() > 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(router.server().links()).as("only genuine links left").isLessThanOrEqualTo(2);
        } finally {
            router.close();
        }
    }

    /** Bytes that break the WAN protocol, of seven kinds in turn. */
    private static byte[] protocolBreaker(Random rnd, int i) {
        switch (i % 7) {
            case 0: // unknown kind
                return frame(0x30 + rnd.nextInt(0x40), new byte[rnd.nextInt(64)]);
            case 1: // too long: refused from the length alone
                return ByteBuffer.allocate(4).putInt(WanFrameCodec.MAX_FRAME_BODY + 1 + rnd.nextInt(1 << 20)).array();
            case 2: // negative length
                return ByteBuffer.allocate(4).putInt(-1 - rnd.nextInt(1 << 30)).array();
            case 3: // shorter than the header
                return ByteBuffer.allocate(4 + 5).putInt(5).array();
            case 4: // unproven registration under the default policy
                return frame(0x01, new byte[8 * (1 + rnd.nextInt(4))]);
            case 5: // a command or a challenge, which only the head-end sends
                return frame(rnd.nextBoolean() ? 0x10 : 0x03, new byte[16]);
            default: { // proofs that do not verify, or a registration payload of broken length
                byte[] p = new byte[rnd.nextBoolean() ? WanRegistration.ENTRY * (1 + rnd.nextInt(3)) : 1 + rnd.nextInt(71)];
                rnd.nextBytes(p);
                return frame(0x04, p);
            }
        }
    }

    private static byte[] frame(int kind, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + WanFrameCodec.HEADER + payload.length);
        b.putInt(WanFrameCodec.HEADER + payload.length).put((byte) kind).putLong(0).put(payload);
        return b.array();
    }
}
