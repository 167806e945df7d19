package org.dccsim.lab.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dccsim.clock.ManualClock;
import org.dccsim.device.DeviceType;
import org.dccsim.device.Device;
import org.dccsim.duis.Bodies;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisResponse;
import org.dccsim.duis.RequestId;
import org.dccsim.duis.client.DuisClient;
import org.dccsim.duis.client.DuisClientException;
import org.dccsim.duis.client.Inbox;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.JcaPem;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.inspect.Inspection;
import org.dccsim.gbcs.inspect.MessageInspector;
import org.dccsim.gbcs.usecase.HalfHourProfile;
import org.dccsim.lab.ClientProfile;
import org.dccsim.lab.EmbeddedDcc;
import org.dccsim.lab.Lab;
import org.junit.jupiter.api.Test;

/**
 * The example from the README: a VLP's own adapter tested against dccsim. The adapter (below, as a VLP would write
 * it) limits a heat pump's SAPC through DUIS and reads the asset's half-hour profile back; the test drives the
 * simulated clock and asserts on what the device did and what the meter measured.
 */
@DccLab(sites = 1, vlps = 1, mix = "HEAT_PUMP=1", start = "2026-06-01T12:00:00Z")
class VlpAdapterExampleTest {

    /** A VLP's adapter: the code under test. It speaks DUIS through dccsim's client library. */
    static final class VlpAdapter implements AutoCloseable {
        private final ClientProfile.Client me;
        private final DuisClient duis;
        private final Inbox inbox;
        private final java.nio.file.Path kaCertificateFile;

        VlpAdapter(ClientProfile.Client me, java.nio.file.Path kaCertificateFile) {
            this.me = me;
            this.kaCertificateFile = kaCertificateFile;
            this.duis = new DuisClient(me.headend(), me.dspCertificates(), "vlp-adapter");
            this.inbox = new Inbox(duis, me.identity(), 50);
        }

        /** Limits the asset's APC (7.16, critical: transform, sign the pre-command, send); true once the SAPC confirms. */
        boolean limit(Eui64 sapc, int percent, Instant from, Instant to) throws DuisClientException {
            RequestId id = duis.submit(me.identity(), sapc, "7.16", Bodies.limitApcLevel(1, from, to, percent), true,
                    new GbcsSecurity(me.gbcsKeys()));
            return DuisCodes.I0.equals(inbox.await(id, Duration.ofSeconds(20)).code());
        }

        /**
         * The asset's import per half-hour over [from, to), Wh: read as an Unknown Remote Party with our own key agreement
         * certificate, so the SAPC encrypts the profile for us alone.
         */
        List<Long> importProfile(Eui64 sapc, Instant from, Instant to) throws Exception {
            byte[] kaCertificate = JcaPem.readCertificate(kaCertificateFile).getEncoded();
            RequestId id = duis.submit(me.identity(), sapc, "4.8.1", Bodies.readLog("ReadActiveImportProfileData",
                    from.plus(Duration.ofMinutes(30)), to, kaCertificate), false, null);
            DuisResponse r = inbox.await(id, Duration.ofSeconds(20));
            Inspection in = new MessageInspector(new GbcsFrameDecoder(), new GbcsSecurity(me.gbcsKeys()))
                    .inspect(r.content().gbcs().orElseThrow());
            List<Long> wh = new ArrayList<>();
            HalfHourProfile.parse(in.decryptions().get(0).plaintext()).entries().forEach(e -> wh.add(e.value()));
            return wh;
        }

        @Override
        public void close() {
            inbox.close();
        }
    }

    @Test
    void theAdapterLimitsAHeatPump_theDeviceAppliesIt_andTheMeterShowsIt(EmbeddedDcc dcc, Lab lab, ManualClock clock)
            throws Exception {
        Device sapc = dcc.fleet().devices().stream().filter(d -> d.type() == DeviceType.SAPC).findFirst().orElseThrow();
        Instant from = Instant.parse("2026-06-01T13:00:00Z");
        Instant to = Instant.parse("2026-06-01T14:00:00Z");
        ClientProfile.Client vlp1 = dcc.client("vlp1");
        try (VlpAdapter adapter = new VlpAdapter(vlp1, lab.pki().resolve(vlp1.eui().fileStem() + "-ka.pem"))) {
            assertThat(adapter.limit(sapc.eui(), 20, from, to)).isTrue();
            // The device holds the limit for that hour only.
            assertThat(sapc.controllerLevel(1, from.plus(Duration.ofMinutes(30)))).isEqualTo(20);
            assertThat(sapc.controllerLevel(1, to)).isEqualTo(100);
            assertThat(sapc.securityLog()).isEmpty();
            clock.advance(Duration.ofHours(3));
            List<Long> wh = adapter.importProfile(sapc.eui(), Instant.parse("2026-06-01T12:00:00Z"), Instant.parse(
                    "2026-06-01T15:00:00Z"));
            assertThat(wh).hasSize(6);
            // A 3 kW heat pump held to 20 %: at most 600 W, 300 Wh a half-hour, in the two limited half-hours.
            assertThat(wh.get(2)).isLessThanOrEqualTo(300);
            assertThat(wh.get(3)).isLessThanOrEqualTo(300);
            assertThat(wh.get(0) + wh.get(1)).as("unlimited before").isGreaterThan(wh.get(2) + wh.get(3));
        }
    }
}
