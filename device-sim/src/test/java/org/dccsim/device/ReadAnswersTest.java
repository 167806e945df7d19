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

    @Test
    void billingCalendarLogRead_isOneProtectedReadOfBothBillingDataLogs_answeredInListOrder() throws Exception {
        // 4.4.3, ECS20c: GBCS lists the register and the prepayment billing data logs (0-0:98.1.0/1.255) before one
        // get_protected_attributes; dccsim names both in its object list, each restricted to the period.
        java.time.Instant from = t.clock.now().minus(java.time.Duration.ofDays(31));
        var read = org.dccsim.gbcs.usecase.TableRead.of("ECS20c", from, t.clock.now()).orElseThrow();
        byte[] command = t.command(TestParties.SUPPLIER, TestParties.ESME, read);
        GeneralSigningApdu sent = new GbcsFrameDecoder().decode(command).apdu();
        XdlmsApdu.AccessRequest request = (XdlmsApdu.AccessRequest) XdlmsCodec.decode(sent.content());
        assertThat(request.specifications()).hasSize(1);
        var objectList = (org.dccsim.gbcs.dlms.Data.Array) ((org.dccsim.gbcs.dlms.Data.Structure) request.data().get(0)).get(0);
        assertThat(objectList.elements()).hasSize(2);

        GeneralSigningApdu response = new GbcsFrameDecoder().decode(t.esme.receive(command).get(0).frame()).apdu();
        XdlmsApdu.AccessResponse r = (XdlmsApdu.AccessResponse) XdlmsCodec.decode(response.content());
        assertThat(r.results()).singleElement().satisfies(x -> assertThat(x.result()).isZero());
        var protectedValue = (org.dccsim.gbcs.dlms.Data.OctetString) ((org.dccsim.gbcs.dlms.Data.Structure) r.data().get(0)).get(1);
        byte[] plain = t.security.decryptPayload(response, TestParties.ESME,
                org.dccsim.gbcs.crypto.ProtectedPayload.parse(protectedValue.value())).orElseThrow();
        assertThat(((org.dccsim.gbcs.dlms.Data.Structure) org.dccsim.gbcs.dlms.DataCodec.decode(plain)).elements())
                .as("one buffer per log, both empty: the simulation bills nothing").hasSize(2);
    }

    @Test
    void aProtectedReadListingMoreObjectsThanGbcsUses_isRefused() throws Exception {
        // Five copies of the prepayment balances in one object list: more than any GBCS read names (at most 4 taken).
        var one = org.dccsim.gbcs.dlms.Data.structure(new org.dccsim.gbcs.dlms.Data.LongUnsigned(1),
                org.dccsim.gbcs.dlms.Data.octets(org.dccsim.gbcs.dlms.ObisCode.parse("0-0:94.44.34.30").toBytes()),
                new org.dccsim.gbcs.dlms.Data.Integer8(2), new org.dccsim.gbcs.dlms.Data.LongUnsigned(0),
                org.dccsim.gbcs.dlms.Data.structure(new org.dccsim.gbcs.dlms.Data.Enumerated(0), org.dccsim.gbcs.dlms.Data.NULL));
        byte[] honest = t.command(TestParties.SUPPLIER, TestParties.ESME,
                org.dccsim.gbcs.usecase.TableRead.of("ECS19", null, null).orElseThrow());
        XdlmsApdu.AccessRequest read = (XdlmsApdu.AccessRequest) XdlmsCodec.decode(new GbcsFrameDecoder().decode(honest)
                .apdu().content());
        var parameter = (org.dccsim.gbcs.dlms.Data.Structure) read.data().get(0);
        var greedy = org.dccsim.gbcs.dlms.Data.structure(org.dccsim.gbcs.dlms.Data.array(one, one, one, one, one),
                parameter.get(1));
        byte[] frame = t.command(TestParties.SUPPLIER, TestParties.ESME, new org.dccsim.gbcs.usecase.SimpleCommands.AttributeAccess(
                "ECS19", org.dccsim.gbcs.usecase.DlmsItems.builder().action(
                        org.dccsim.gbcs.dlms.CosemAttribute.of(30, "0-0:43.2.1.255", 1), greedy).build()));
        GeneralSigningApdu response = new GbcsFrameDecoder().decode(t.esme.receive(frame).get(0).frame()).apdu();
        XdlmsApdu.AccessResponse r = (XdlmsApdu.AccessResponse) XdlmsCodec.decode(response.content());
        assertThat(r.results().get(0).result()).isEqualTo(org.dccsim.device.cosem.DataAccessResult.OTHER_REASON);
    }
}
