package org.dccsim.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.frame.CraFlag;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.frame.OtherInformation;
import org.dccsim.gbcs.frame.SignatureField;
import org.dccsim.gbcs.testing.TestParties;
import org.dccsim.gbcs.usecase.FirmwareActivation;
import org.dccsim.gbcs.usecase.GbcsObjects;
import org.junit.jupiter.api.Test;

/** CS06 (DUIS 11.3): the ESME runs an image now, at its time with alert 8F66, or not at all once cancelled. */
class FirmwareActivationTest {
    private final TestSite t = new TestSite();
    private long counter = 7000;
    private static final byte[] IMAGE = HexFormat.of().parseHex("AA758690730934FF0685AA758690730934FF0685657788990011223344556677");

    /** A CS06 from the supplier: signed by it, MACed by the ACB; its counter is the command's. */
    private byte[] activate(Instant at) {
        long c = ++counter;
        byte[] content = FirmwareActivation.encode(new FirmwareActivation.Command(IMAGE, c, at));
        GeneralSigningApdu apdu = new GeneralSigningApdu(CraFlag.COMMAND, c, TestParties.SUPPLIER, TestParties.ESME, null,
                OtherInformation.of(FirmwareActivation.CS06), content, SignatureField.ABSENT);
        return GbcsFrameEncoder.encode(t.security.addMac(t.security.sign(apdu, TestParties.SUPPLIER)));
    }

    private byte[] answer(byte[] wire) throws Exception {
        List<Outbound> out = t.esme.receive(wire);
        assertThat(out).as("security log %s", t.esme.securityLog()).isNotEmpty();
        return new GbcsFrameDecoder().decode(out.get(0).frame()).apdu().content();
    }

    private String runningVersion() {
        Data v = t.esme.object(GbcsObjects.CLASS_DATA, GbcsObjects.FIRMWARE_VERSION).orElseThrow().get(2, null).data();
        return new String(((Data.OctetString) v).value(), StandardCharsets.US_ASCII);
    }

    @Test
    void activateNow_runsTheImage_andAnswersItsVersion() throws Exception {
        assertThat(runningVersion()).isEqualTo("dccsim-1");
        assertThat(answer(activate(null))).containsExactly(FirmwareActivation.encodeResponse(0,
                new byte[] {(byte) 0xAA, 0x75, (byte) 0x86, (byte) 0x90}));
        assertThat(runningVersion()).isEqualToIgnoringCase("dccsim-AA758690");
    }

    @Test
    void activateLater_isAcceptedWithNull_runsAtItsTime_andReports8F66_unlessCancelled() throws Exception {
        Instant at = t.clock.now().plus(Duration.ofHours(2));
        assertThat(answer(activate(at))).containsExactly(0x05, 0x00);
        assertThat(runningVersion()).as("not before its time").isEqualTo("dccsim-1");
        t.clock.advance(Duration.ofHours(2));
        List<Outbound> alerts = t.esme.poll();
        assertThat(alerts).hasSize(1);
        GeneralSigningApdu alert = new GbcsFrameDecoder().decode(alerts.get(0).frame()).apdu();
        assertThat(alert.messageCode()).isEqualTo(FirmwareActivation.ALERT);
        assertThat(alert.content()).startsWith(0x30, 0x25, 0x02, 0x03, 0x00, 0x8F, 0x66);
        assertThat(runningVersion()).isEqualToIgnoringCase("dccsim-AA758690");

        // Another ESME: an activation for later, then its cancellation; nothing runs.
        FirmwareActivationTest cancelled = new FirmwareActivationTest();
        assertThat(cancelled.answer(cancelled.activate(cancelled.t.clock.now().plus(Duration.ofHours(1))))).containsExactly(0x05, 0x00);
        assertThat(cancelled.answer(cancelled.activate(FirmwareActivation.CANCEL))).containsExactly(0x05, 0x00);
        cancelled.t.clock.advance(Duration.ofHours(3));
        assertThat(cancelled.t.esme.poll()).isEmpty();
        assertThat(cancelled.runningVersion()).isEqualTo("dccsim-1");
    }
}
