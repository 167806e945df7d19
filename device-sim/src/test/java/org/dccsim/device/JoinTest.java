package org.dccsim.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.frame.CraFlag;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.frame.OtherInformation;
import org.dccsim.gbcs.frame.SignatureField;
import org.dccsim.gbcs.testing.TestParties;
import org.dccsim.gbcs.usecase.JoinService;
import org.junit.jupiter.api.Test;

/** Method A joins (GBCS 13.7) between a site's ESME and its SAPC, as each side takes them. */
class JoinTest {
    private final TestSite t = new TestSite();
    private long counter = 5000;

    /** A critical ASN.1 command from the supplier: signed by it, MACed by the ACB. */
    private byte[] command(Eui64 to, int messageCode, byte[] content) {
        GeneralSigningApdu apdu = new GeneralSigningApdu(CraFlag.COMMAND, ++counter, TestParties.SUPPLIER, to, null,
                OtherInformation.of(messageCode), content, SignatureField.ABSENT);
        return GbcsFrameEncoder.encode(t.security.addMac(t.security.sign(apdu, TestParties.SUPPLIER)));
    }

    private int result(Device d, byte[] wire) throws Exception {
        List<Outbound> out = d.receive(wire);
        assertThat(out).as("security log %s", d.securityLog()).isNotEmpty();
        return JoinService.decodeResult(new GbcsFrameDecoder().decode(out.get(0).frame()).apdu().content());
    }

    @Test
    void bothSidesOfAMethodAJoin_recordEachOther_andTheDeviceLogsListThem() throws Exception {
        int esme = result(t.esme, command(TestParties.ESME, JoinService.CS03A1, JoinService.encode(new JoinService.Join(
                JoinService.Method.A_INITIATOR, TestParties.SAPC, JoinService.DeviceType.HCALCS))));
        int sapc = result(t.sapc, command(TestParties.SAPC, JoinService.CS03A2, JoinService.encode(new JoinService.Join(
                JoinService.Method.A_RESPONDER, TestParties.ESME, JoinService.DeviceType.ESME))));
        List<Outbound> log = t.esme.receive(command(TestParties.ESME, JoinService.CS07, JoinService.encodeReadDeviceLog()));

        assertThat(esme).isEqualTo(JoinService.SUCCESS);
        assertThat(sapc).isEqualTo(JoinService.SUCCESS);
        assertThat(JoinService.decodeDeviceLog(new GbcsFrameDecoder().decode(log.get(0).frame()).apdu().content()))
                .containsExactly(new JoinService.Joined(TestParties.SAPC, JoinService.DeviceType.HCALCS));
        assertThat(t.sapc.joinedDevices()).containsExactly(new JoinService.Joined(TestParties.ESME, JoinService.DeviceType.ESME));
    }

    @Test
    void aJoinTheMethodDoesNotPair_isRefused_andUnjoinForgetsTheDevice() throws Exception {
        int esmeWithEsme = result(t.esme, command(TestParties.ESME, JoinService.CS03A1, JoinService.encode(new JoinService.Join(
                JoinService.Method.A_INITIATOR, Eui64.parse("00DB1234567890B0"), JoinService.DeviceType.ESME))));
        int asResponder = result(t.esme, command(TestParties.ESME, JoinService.CS03A1, JoinService.encode(new JoinService.Join(
                JoinService.Method.A_RESPONDER, TestParties.SAPC, JoinService.DeviceType.HCALCS))));
        result(t.esme, command(TestParties.ESME, JoinService.CS03A1, JoinService.encode(new JoinService.Join(
                JoinService.Method.A_INITIATOR, TestParties.SAPC, JoinService.DeviceType.HCALCS))));
        int unjoin = result(t.esme, command(TestParties.ESME, JoinService.CS04AC, JoinService.encodeUnjoin(TestParties.SAPC)));

        assertThat(esmeWithEsme).isEqualTo(JoinService.REFUSED);
        assertThat(asResponder).isEqualTo(JoinService.REFUSED);
        assertThat(unjoin).isEqualTo(JoinService.SUCCESS);
        assertThat(t.esme.joinedDevices()).isEmpty();
    }

    @Test
    void theMetersSideOfAJoin_isNotTheSapcs_whichAnswersItAsUnsupported() {
        List<Outbound> out = t.sapc.receive(command(TestParties.SAPC, JoinService.CS03A1, JoinService.encode(new JoinService.Join(
                JoinService.Method.A_INITIATOR, TestParties.ESME, JoinService.DeviceType.HCALCS))));

        assertThat(t.sapc.rejections(Rejection.Reason.UNSUPPORTED_MESSAGE_CODE)).isEqualTo(1);
        assertThat(out).extracting(Outbound::kind).containsExactly(Outbound.Kind.ALERT);
    }

    @Test
    void joins_surviveARestartThroughTheSavedState() throws Exception {
        result(t.sapc, command(TestParties.SAPC, JoinService.CS03A2, JoinService.encode(new JoinService.Join(
                JoinService.Method.A_RESPONDER, TestParties.ESME, JoinService.DeviceType.ESME))));
        Device again = Device.sapc(TestParties.SAPC, t.clock, t.security, t.trust);

        again.restore(t.sapc.snapshot());

        assertThat(again.joinedDevices()).containsExactly(new JoinService.Joined(TestParties.ESME, JoinService.DeviceType.ESME));
    }
}
