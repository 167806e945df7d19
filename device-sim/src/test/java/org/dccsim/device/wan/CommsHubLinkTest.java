package org.dccsim.device.wan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.dccsim.clock.ManualClock;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.device.fleet.FleetSpecs;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.Check;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.KeyUsage;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.frame.GbcsMessage;
import org.dccsim.gbcs.testing.TestParties;
import org.dccsim.gbcs.usecase.AuxiliaryController;
import org.dccsim.gbcs.usecase.CommandContext;
import org.dccsim.gbcs.usecase.LimitApcLevel;
import org.dccsim.gbcs.usecase.UseCaseCommands;
import org.dccsim.gbcs.wan.WanFrame;
import org.dccsim.gbcs.wan.WanFrameCodec;
import org.dccsim.gbcs.wan.WanRegistration;
import org.junit.jupiter.api.Test;

/**
 * The device side of the WAN link over real loopback TCP, against a small peer written with plain sockets
 * (the head-end's WAN server comes with the head-end): registration proven with each device's key over the peer's
 * challenge, a command answered with a response and an alert, reconnection and a fresh proof after the link drops,
 * and a malformed frame closing the link.
 */
class CommsHubLinkTest {
    private final GbcsSecurity security = TestParties.security();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T16:00:00Z"));

    private Fleet fleet(String faults) throws Exception {
        return Fleet.build(FleetSpecs.parse("{\"epoch\": \"2026-06-01T00:00:00Z\", \"sites\": [{\"id\": \"s\", "
                + "\"esme\": \"00DB1234567890A0\", \"assets\": [{\"sapc\": \"00DB1234567890A6\", \"type\": \"BATTERY\"}]}]"
                + faults + "}", false, "test"), clock, security);
    }

    static WanFrame read(DataInputStream in) throws Exception {
        int n = in.readInt();
        byte[] body = new byte[n];
        in.readFully(body);
        return WanFrameCodec.decodeBody(body);
    }

    static void write(DataOutputStream out, WanFrame f) throws IOException {
        byte[] body = WanFrameCodec.encodeBody(f);
        out.writeInt(body.length);
        out.write(body);
        out.flush();
    }

    /** Sends a challenge and reads until {@code count} devices are accounted for; proofs are checked against the keys. */
    private Set<Eui64> challengeAndRegister(DataInputStream in, DataOutputStream out, byte[] challenge, int count,
            Set<Eui64> unregistered) throws Exception {
        write(out, new WanFrame(WanFrame.Kind.CHALLENGE, WanFrame.LINK, challenge));
        Set<Eui64> registered = new HashSet<>();
        while (registered.size() + unregistered.size() < count) {
            WanFrame f = read(in);
            if (f.kind() == WanFrame.Kind.UNREGISTER) {
                unregistered.addAll(f.euis());
                continue;
            }
            assertThat(f.kind()).isEqualTo(WanFrame.Kind.REGISTER_PROVEN);
            for (WanRegistration.Proof p : WanRegistration.proofs(f)) {
                assertThat(WanRegistration.verify(challenge, p, security.keyStore().publicKey(p.device(), KeyUsage.DS)
                        .orElseThrow())).as("proof of " + p.device()).isTrue();
                registered.add(p.device());
            }
        }
        return registered;
    }

    @Test
    void link_registersAnswersCommandsAndReconnects() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             CommsHubLink link = new CommsHubLink(fleet(""), "127.0.0.1", server.getLocalPort(), FaultPlan.none(),
                     Duration.ofMillis(50)).start()) {
            server.setSoTimeout(10_000);
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                Set<Eui64> registered = challengeAndRegister(in, out, new byte[16], 2, new HashSet<>());
                assertThat(registered).containsExactlyInAnyOrder(TestParties.ESME, TestParties.SAPC);
                LimitApcLevel limit = new LimitApcLevel(AuxiliaryController.output(1), 50,
                        CosemDateTime.ofInstant(clock.now()), CosemDateTime.ofInstant(clock.now().plusSeconds(3600)));
                byte[] cmd = GbcsFrameEncoder.encode(security.addMac(security.sign(UseCaseCommands.build(limit,
                        new CommandContext(TestParties.LOAD_CONTROLLER, TestParties.SAPC, 77)))));
                write(out, new WanFrame(WanFrame.Kind.COMMAND, TestParties.SAPC, cmd));
                WanFrame response = read(in);
                assertThat(response.kind()).isEqualTo(WanFrame.Kind.RESPONSE);
                assertThat(response.device()).isEqualTo(TestParties.SAPC);
                GbcsMessage m = new GbcsFrameDecoder().decode(response.payload());
                assertThat(security.verifySignature(response.payload(), m)).isEqualTo(Check.VALID);
                assertThat(read(in).kind()).isEqualTo(WanFrame.Kind.ALERT); // 8F86
                clock.advance(Duration.ofHours(1));
                WanFrame ended = read(in); // 8F87, from the link's poller
                assertThat(ended.kind()).isEqualTo(WanFrame.Kind.ALERT);
            }
            // The link dropped: it dials again and proves its devices again, over the new challenge.
            try (Socket again = server.accept()) {
                again.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(again.getInputStream());
                DataOutputStream out = new DataOutputStream(again.getOutputStream());
                byte[] second = new byte[16];
                java.util.Arrays.fill(second, (byte) 0x42);
                assertThat(challengeAndRegister(in, out, second, 2, new HashSet<>())).hasSize(2);
                // A frame of an unknown kind: the link answers ERROR and closes.
                out.writeInt(9);
                out.write(new byte[] {0x55, 0, 0, 0, 0, 0, 0, 0, 0});
                out.flush();
                WanFrame next;
                do {
                    next = read(in);
                } while (next.kind() != WanFrame.Kind.ERROR);
                assertThat(new String(next.payload(), java.nio.charset.StandardCharsets.UTF_8)).contains("unknown WAN frame kind 55");
            }
        }
    }

    @Test
    void offlineDevices_areNotRegistered() throws Exception {
        Fleet fleet = fleet("");
        fleet.faults().set(TestParties.SAPC, new FaultPlan.Faults(true, 0, Duration.ZERO, Duration.ZERO, 0));
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             CommsHubLink link = new CommsHubLink(fleet, "127.0.0.1", server.getLocalPort(), fleet.faults(),
                     Duration.ofMillis(50)).start();
             Socket s = server.accept()) {
            s.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            Set<Eui64> unregistered = new HashSet<>();
            Set<Eui64> registered = challengeAndRegister(in, new DataOutputStream(s.getOutputStream()), new byte[16], 2,
                    unregistered);
            assertThat(registered).containsExactly(TestParties.ESME);
            assertThat(unregistered).containsExactly(TestParties.SAPC);
        }
    }
}
