package org.dccsim.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dccsim.device.cosem.AccountObject;
import org.dccsim.device.cosem.DataAccessResult;
import org.dccsim.duis.DuisDocuments;
import org.dccsim.duis.ServiceRequest;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;
import org.dccsim.gbcs.dlms.XdlmsApdu;
import org.dccsim.gbcs.dlms.XdlmsCodec;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.testing.TestParties;
import org.dccsim.gbcs.usecase.DeviceAlert;
import org.dccsim.gbcs.usecase.DeviceAlerts;
import org.dccsim.srv.Transformer;
import org.junit.jupiter.api.Test;

/**
 * DUIS 1.6 (GBCS ECS02 to credit, ECS03 to prepayment) from a DUIS body to the ESME: the passive account becomes the
 * active one that 4.13 and 6.x reads report, now or at the ExecutionDateTime (then 8F66s naming the account's and the
 * disablement threshold's activation times), or never when cancelled.
 */
class PaymentModeTest {
    private static final ObisCode DISABLEMENT_THRESHOLD = ObisCode.parse("0-0:94.44.128.22");
    private final TestSite t = new TestSite();

    private static String prepayment(String executionDateTime, boolean suspendDisabled, boolean suspendEmergency) {
        return "<sr:UpdatePaymentMode>"
                + (executionDateTime == null ? "" : "<sr:ExecutionDateTime>" + executionDateTime + "</sr:ExecutionDateTime>")
                + "<sr:Prepayment><sr:SuspendDebtDisabled>" + suspendDisabled + "</sr:SuspendDebtDisabled>"
                + "<sr:SuspendDebtEmergency>" + suspendEmergency + "</sr:SuspendDebtEmergency>"
                + "<sr:DisablementThreshold>-2500</sr:DisablementThreshold></sr:Prepayment></sr:UpdatePaymentMode>";
    }

    private Transformer.Transformed transform(String body, long counter) throws Exception {
        String xml = "<sr:Request xmlns:sr=\"" + DuisDocuments.DUIS_NS + "\" schemaVersion=\"5.4\"><sr:Header><sr:RequestID>"
                + "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:" + counter + "</sr:RequestID><sr:CommandVariant>4"
                + "</sr:CommandVariant><sr:ServiceReference>1.6</sr:ServiceReference><sr:ServiceReferenceVariant>1.6"
                + "</sr:ServiceReferenceVariant></sr:Header><sr:Body>" + body + "</sr:Body></sr:Request>";
        return new Transformer().transform(ServiceRequest.read(DuisDocuments.withoutSchema()
                .parse(xml.getBytes(StandardCharsets.UTF_8))));
    }

    /** The 1.6 request as the head-end transforms it, signed by the supplier and MACed: a critical command. */
    private byte[] command(String body, long counter) throws Exception {
        GeneralSigningApdu signed = t.security.sign(transform(body, counter).apdu(), TestParties.SUPPLIER);
        return GbcsFrameEncoder.encode(t.security.addMac(signed));
    }

    private Data account(int attribute) {
        return t.esme.object(AccountObject.CLASS_ID, AccountObject.ACTIVE).orElseThrow().get(attribute, null).data();
    }

    private static int mode(Data modeAndStatus) {
        return ((Data.Enumerated) ((Data.Structure) modeAndStatus).get(0)).value();
    }

    private static List<XdlmsApdu.AccessResponseSpecification> results(Outbound response) throws Exception {
        return ((XdlmsApdu.AccessResponse) XdlmsCodec.decode(new GbcsFrameDecoder().decode(response.frame()).apdu()
                .content())).results();
    }

    @Test
    void newEsme_isInCreditMode_active() {
        assertThat(account(AccountObject.MODE_AND_STATUS)).isEqualTo(Data.structure(
                new Data.Enumerated(AccountObject.MODE_CREDIT), new Data.Enumerated(AccountObject.STATUS_ACTIVE)));
    }

    @Test
    void prepayment_choosesEcs03_andTheSuspensionsShapeTheCreditChargeConfiguration() throws Exception {
        assertThat(transform(prepayment(null, true, true), 1).useCase().id()).isEqualTo("ECS03");
        assertThat(transform("<sr:UpdatePaymentMode><sr:Credit/></sr:UpdatePaymentMode>", 2).useCase().id())
                .isEqualTo("ECS02");
        // Emergency suspension adds the three rows that accrue to the accumulated debt (RTDS: 13 rows single-element).
        assertThat(rows(prepayment(null, true, true))).isEqualTo(13);
        assertThat(rows(prepayment(null, true, false))).isEqualTo(10);
        assertThat(rows(prepayment(null, false, false))).isEqualTo(10);
        assertThat(rows("<sr:UpdatePaymentMode><sr:Credit/></sr:UpdatePaymentMode>")).isEqualTo(2);
    }

    private int rows(String body) throws Exception {
        XdlmsApdu.AccessRequest r = (XdlmsApdu.AccessRequest) XdlmsCodec.decode(transform(body, 3).apdu().content());
        return r.data().stream().filter(d -> d instanceof Data.Array).mapToInt(d -> ((Data.Array) d).elements().size())
                .findFirst().orElseThrow();
    }

    @Test
    void neitherCreditNorPrepayment_isRefusedWithE12() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> transform("<sr:UpdatePaymentMode/>", 4))
                .isInstanceOfSatisfying(org.dccsim.duis.DuisException.class,
                        e -> assertThat(e.responseCode()).isEqualTo("E12"));
    }

    @Test
    void immediate_makesThePrepaymentAccountActiveAtOnce() throws Exception {
        List<Outbound> out = t.esme.receive(command(prepayment(null, true, false), 1000));
        assertThat(out).hasSize(1);
        assertThat(results(out.get(0))).hasSize(5).allSatisfy(r -> assertThat(r.result()).isEqualTo(DataAccessResult.SUCCESS));
        assertThat(mode(account(AccountObject.MODE_AND_STATUS))).isEqualTo(AccountObject.MODE_PREPAYMENT);
        assertThat(((Data.Array) account(AccountObject.CREDIT_CHARGE_CONFIGURATION)).elements()).hasSize(10);
        assertThat(t.esme.object(9000, DISABLEMENT_THRESHOLD).orElseThrow().get(2, null).data())
                .isEqualTo(new Data.DoubleLong(-2500));
        assertThat(t.esme.poll()).isEmpty();
    }

    @Test
    void futureDated_changesModeAtItsTime_withAn8F66ForTheAccountAndTheThreshold() throws Exception {
        Instant at = t.clock.now().plus(Duration.ofDays(2));
        assertThat(t.esme.receive(command(prepayment(at.toString(), false, true), 1001))).hasSize(1);
        t.clock.advance(Duration.ofDays(2).minusMinutes(1));
        assertThat(t.esme.poll()).isEmpty();
        assertThat(mode(account(AccountObject.MODE_AND_STATUS))).as("not before its time").isEqualTo(AccountObject.MODE_CREDIT);
        t.clock.advance(Duration.ofMinutes(1));
        List<Outbound> alerts = t.esme.poll();
        assertThat(alerts).hasSize(2);
        List<CosemAttribute> named = new java.util.ArrayList<>();
        for (Outbound a : alerts) {
            DeviceAlert.FutureDatedExecution f = (DeviceAlert.FutureDatedExecution) DeviceAlerts.parse(
                    new GbcsFrameDecoder().decode(a.frame()).apdu()).orElseThrow();
            assertThat(f.success()).isTrue();
            assertThat(f.originalMessageCode()).isEqualTo(0x001B);
            assertThat(f.timestamp()).isEqualTo(CosemDateTime.ofInstant(at));
            assertThat(f.originalCounter()).isEqualTo(1001);
            assertThat(a.recipient()).isEqualTo(TestParties.SUPPLIER);
            named.add(f.item());
        }
        assertThat(named).containsExactlyInAnyOrder(
                new CosemAttribute(AccountObject.CLASS_ID, AccountObject.PASSIVE, AccountObject.ACTIVATION_TIME),
                new CosemAttribute(9000, DISABLEMENT_THRESHOLD, 6));
        assertThat(account(AccountObject.MODE_AND_STATUS)).isEqualTo(Data.structure(
                new Data.Enumerated(AccountObject.MODE_PREPAYMENT), new Data.Enumerated(AccountObject.STATUS_ACTIVE)));
        assertThat(((Data.Array) account(AccountObject.CREDIT_CHARGE_CONFIGURATION)).elements()).hasSize(13);
    }

    @Test
    void cancellation_leavesTheCreditAccountInForce() throws Exception {
        Instant at = t.clock.now().plus(Duration.ofDays(2));
        t.esme.receive(command(prepayment(at.toString(), true, true), 1001));
        t.esme.receive(command(prepayment("3000-12-31T00:00:00Z", true, true), 1002));
        t.clock.advance(Duration.ofDays(3));
        assertThat(t.esme.poll()).isEmpty();
        assertThat(mode(account(AccountObject.MODE_AND_STATUS))).isEqualTo(AccountObject.MODE_CREDIT);
    }
}
