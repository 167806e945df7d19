package org.dccsim.gbcs.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.Hex;
import org.junit.jupiter.api.Test;

/** Join, unjoin and device log payloads, against the content of DCC's RTDS messages. */
class JoinServiceTest {
    @Test
    void decode_cs03a1FromTheRtds_isAMethodAInitiatorJoinWithAnHcalcs() throws Exception {
        byte[] rtds = Hex.decode("3010"          // SEQUENCE, 16 bytes
                + "020100"                       // joinMethodAndRole 0: method A, initiator (the ESME)
                + "040800DB12345678909A"         // otherDeviceID
                + "020104");                     // otherDeviceType 4: HCALCS
        JoinService.Join j = JoinService.decodeJoin(rtds);

        assertThat(j).isEqualTo(new JoinService.Join(JoinService.Method.A_INITIATOR, Eui64.parse("00DB12345678909A"),
                JoinService.DeviceType.HCALCS));
        assertThat(j.messageCode()).isEqualTo(JoinService.CS03A1);
        assertThat(JoinService.encode(j)).isEqualTo(rtds);
    }

    @Test
    void decode_cs03a2FromTheRtds_isAMethodAResponderJoinWithAnEsme() throws Exception {
        byte[] rtds = Hex.decode("3010" + "020101" + "040800DB123456789093" + "020101");
        JoinService.Join j = JoinService.decodeJoin(rtds);

        assertThat(j.method()).isEqualTo(JoinService.Method.A_RESPONDER);
        assertThat(j.otherType()).isEqualTo(JoinService.DeviceType.ESME);
        assertThat(j.messageCode()).isEqualTo(JoinService.CS03A2);
        assertThat(JoinService.encode(j)).isEqualTo(rtds);
    }

    @Test
    void unjoinAndResults_roundTripTheRtdsBytes() throws Exception {
        byte[] unjoin = Hex.decode("0408" + "00DB123456789099");   // OCTET STRING (8): the device to forget
        assertThat(JoinService.decodeUnjoin(unjoin)).isEqualTo(Eui64.parse("00DB123456789099"));
        assertThat(JoinService.encodeUnjoin(Eui64.parse("00DB123456789099"))).isEqualTo(unjoin);
        assertThat(JoinService.decodeResult(Hex.decode("020100"))).isZero();
        assertThat(JoinService.decodeResult(Hex.decode("020103"))).isEqualTo(3);
    }

    @Test
    void decode_cs07DeviceLogFromTheRtds_listsEachJoinedDeviceWithItsType() throws Exception {
        byte[] rtds = Hex.decode("3032" + "020100"                   // result 0
                + "302D"                                             // the devices
                + "300D" + "04080102030405060708" + "020103"         // a GPF
                + "300D" + "040800DB123456789099" + "020103"         // a GPF
                + "300D" + "040800DB123456789097" + "020105");       // a PPMID
        List<JoinService.Joined> log = JoinService.decodeDeviceLog(rtds);

        assertThat(log).extracting(JoinService.Joined::type).containsExactly(JoinService.DeviceType.GPF,
                JoinService.DeviceType.GPF, JoinService.DeviceType.PPMID);
        assertThat(JoinService.encodeDeviceLog(log)).isEqualTo(rtds);
    }

    @Test
    void hostileJoins_failWithADecodeException() {
        for (String hex : new String[] {"", "3010020100", "30800201000408 00DB12345678909A0201040000".replace(" ", ""),
            "3011020100040900DB12345678909A00020104", "3010020109040800DB12345678909A020104",
            "3010020100040800DB12345678909A020163", "3010020100040800DB12345678909A02010400"}) {
            assertThatThrownBy(() -> JoinService.decodeJoin(Hex.decode(hex))).as(hex).isInstanceOf(GbcsDecodeException.class);
        }
        assertThatThrownBy(() -> JoinService.decodeUnjoin(new byte[70_000])).isInstanceOf(GbcsDecodeException.class);
    }
}
