package org.dccsim.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dccsim.gbcs.dlms.XdlmsApdu;
import org.dccsim.gbcs.dlms.XdlmsCodec;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.testing.TestParties;
import org.dccsim.gbcs.usecase.UseCaseItems;
import org.junit.jupiter.api.Test;

/** Reads the RTDS has no response for: what the ESME answers, and the date-time header GBCS puts on register reads. */
class ReadAnswersTest {
    private final TestSite t = new TestSite();

    @Test
    void exportRegisterRead_answersBothRegistersWithTheDateTimeHeader() throws Exception {
        // 4.2, ECS17a: the active and reactive export registers, value and scaler-unit each (GBCS's table).
        List<Outbound> out = t.esme.receive(t.command(TestParties.NETWORK_OPERATOR, TestParties.ESME,
                UseCaseItems.attributeReads("ECS17a").orElseThrow()));
        assertThat(out).hasSize(1);
        GeneralSigningApdu response = new GbcsFrameDecoder().decode(out.get(0).frame()).apdu();
        assertThat(response.dateTime()).as("a register read carries the time of the reading").isNotNull();
        XdlmsApdu.AccessResponse r = (XdlmsApdu.AccessResponse) XdlmsCodec.decode(response.content());
        assertThat(r.results()).hasSize(4).allSatisfy(x -> assertThat(x.result()).isZero());
    }
}
