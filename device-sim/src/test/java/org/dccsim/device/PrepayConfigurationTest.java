package org.dccsim.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dccsim.duis.DuisDocuments;
import org.dccsim.duis.ServiceRequest;
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
 * DUIS 2.1 (GBCS ECS08a) from a DUIS body to the ESME: the prepayment thresholds become active now or at the
 * ExecutionDateTime, each of the nine activation times then raising its 8F66 to the supplier.
 */
class PrepayConfigurationTest {
    private static final ObisCode LOW_CREDIT = ObisCode.parse("0-0:94.44.128.9");
    private static final ObisCode EMERGENCY_CREDIT_LIMIT = ObisCode.parse("0-0:94.44.128.2");
    private static final ObisCode MAX_METER_BALANCE = ObisCode.parse("0-0:94.44.2.20");
    private final TestSite t = new TestSite();

    private static String body(String executionDateTime, int lowCredit) {
        String schedule = "<sr:ElectricityNonDisablementSchedule><sr:NonDisablementScript>%s</sr:NonDisablementScript>"
                + "<sr:SpecialDaysApplicability>%s</sr:SpecialDaysApplicability><sr:DaysOfWeekApplicability>"
                + "<sr:DayOfWeekApplicability><sr:DayOfWeekID>Sunday</sr:DayOfWeekID></sr:DayOfWeekApplicability>"
                + "</sr:DaysOfWeekApplicability><sr:ScheduleDatesAndTime><sr:SwitchTime>%s</sr:SwitchTime>"
                + "<sr:StartDate>65535-01-01Z</sr:StartDate><sr:EndDate>65535-12-31Z</sr:EndDate></sr:ScheduleDatesAndTime>"
                + "</sr:ElectricityNonDisablementSchedule>";
        String christmas = "<sr:SpecialDay index=\"1\"><sr:Date><sr:Year><sr:NonSpecifiedYear/></sr:Year><sr:Month>"
                + "<sr:SpecifiedMonth>12</sr:SpecifiedMonth></sr:Month><sr:DayOfMonth><sr:SpecifiedDayOfMonth>25"
                + "</sr:SpecifiedDayOfMonth></sr:DayOfMonth><sr:DayOfWeek><sr:NonSpecifiedDayOfWeek/></sr:DayOfWeek></sr:Date>"
                + "</sr:SpecialDay>";
        return "<sr:UpdatePrepayConfiguration>"
                + (executionDateTime == null ? "" : "<sr:ExecutionDateTime>" + executionDateTime + "</sr:ExecutionDateTime>")
                + "<sr:UpdatePrepayConfigElectricity><sr:DebtRecoveryRateCap>25</sr:DebtRecoveryRateCap>"
                + "<sr:EmergencyCreditLimit>500000</sr:EmergencyCreditLimit><sr:EmergencyCreditThreshold>150000"
                + "</sr:EmergencyCreditThreshold><sr:LowCreditThreshold>" + lowCredit + "</sr:LowCreditThreshold>"
                + "<sr:ElectricityNonDisablementCalendar><sr:ElectricitySpecialDays>" + christmas + "</sr:ElectricitySpecialDays>"
                + String.format(schedule, "START", "<sr:SpecialDayApplicability><sr:SpecialDayID>1</sr:SpecialDayID>"
                        + "</sr:SpecialDayApplicability>", "07:00:00.00Z")
                + String.format(schedule, "STOP", "", "19:30:00.00Z")
                + "</sr:ElectricityNonDisablementCalendar><sr:MaxMeterBalance>9000000</sr:MaxMeterBalance>"
                + "<sr:MaxCreditThreshold>2000000</sr:MaxCreditThreshold></sr:UpdatePrepayConfigElectricity>"
                + "</sr:UpdatePrepayConfiguration>";
    }

    /** The 2.1 request as the head-end transforms it, signed by the supplier and MACed: a critical command. */
    private byte[] command(String body, long counter) throws Exception {
        String xml = "<sr:Request xmlns:sr=\"" + DuisDocuments.DUIS_NS + "\" schemaVersion=\"5.4\"><sr:Header><sr:RequestID>"
                + "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:" + counter + "</sr:RequestID><sr:CommandVariant>4"
                + "</sr:CommandVariant><sr:ServiceReference>2.1</sr:ServiceReference><sr:ServiceReferenceVariant>2.1"
                + "</sr:ServiceReferenceVariant></sr:Header><sr:Body>" + body + "</sr:Body></sr:Request>";
        Transformer.Transformed out = new Transformer().transform(ServiceRequest.read(DuisDocuments.withoutSchema()
                .parse(xml.getBytes(StandardCharsets.UTF_8))));
        assertThat(out.useCase().id()).isEqualTo("ECS08a");
        GeneralSigningApdu signed = t.security.sign(out.apdu(), TestParties.SUPPLIER);
        return GbcsFrameEncoder.encode(t.security.addMac(signed));
    }

    private Data active(ObisCode o) {
        return t.esme.object(9000, o).orElseThrow().get(2, null).data();
    }

    private Data table(int classId, String obis) {
        return t.esme.object(classId, ObisCode.parse(obis)).orElseThrow().get(2, null).data();
    }

    private static List<XdlmsApdu.AccessResponseSpecification> results(Outbound response) throws Exception {
        return ((XdlmsApdu.AccessResponse) XdlmsCodec.decode(new GbcsFrameDecoder().decode(response.frame()).apdu()
                .content())).results();
    }

    @Test
    void immediate_makesEveryThresholdActiveAtOnce() throws Exception {
        List<Outbound> out = t.esme.receive(command(body(null, 210000), 1000));
        assertThat(out).hasSize(1);
        assertThat(results(out.get(0))).hasSize(18).allSatisfy(r -> assertThat(r.result())
                .isEqualTo(org.dccsim.device.cosem.DataAccessResult.SUCCESS));
        assertThat(active(LOW_CREDIT)).isEqualTo(new Data.DoubleLong(210000));
        assertThat(active(EMERGENCY_CREDIT_LIMIT)).isEqualTo(new Data.DoubleLong(500000));
        assertThat(active(MAX_METER_BALANCE)).isEqualTo(new Data.DoubleLong(9000000));
        assertThat(table(10, "0-0:12.0.1.255")).as("the active non-disablement calendar ECS26a reads")
                .isEqualTo(table(10, "0-1:12.0.1.255"));
        assertThat(((Data.Array) table(10, "0-0:12.0.1.255")).elements()).hasSize(2);
        assertThat(((Data.Array) table(11, "0-0:11.0.2.255")).elements()).hasSize(1);
        assertThat(t.esme.poll()).isEmpty();
    }

    @Test
    void futureDated_takesEffectAtItsTime_withAn8F66PerActivationTime() throws Exception {
        t.esme.receive(command(body(null, 210000), 1000));
        Instant at = t.clock.now().plus(Duration.ofDays(2));
        List<Outbound> out = t.esme.receive(command(body(at.toString(), 180000), 1001));
        assertThat(out).hasSize(1);
        t.clock.advance(Duration.ofDays(2).minusMinutes(1));
        assertThat(t.esme.poll()).isEmpty();
        assertThat(active(LOW_CREDIT)).as("not before its time").isEqualTo(new Data.DoubleLong(210000));
        t.clock.advance(Duration.ofMinutes(1));
        List<Outbound> alerts = t.esme.poll();
        assertThat(alerts).hasSize(9);
        for (Outbound a : alerts) {
            DeviceAlert.FutureDatedExecution f = (DeviceAlert.FutureDatedExecution) DeviceAlerts.parse(
                    new GbcsFrameDecoder().decode(a.frame()).apdu()).orElseThrow();
            assertThat(f.success()).isTrue();
            assertThat(f.originalMessageCode()).isEqualTo(0x00DE);
            assertThat(f.timestamp()).isEqualTo(CosemDateTime.ofInstant(at));
            assertThat(f.originalCounter()).isEqualTo(1001);
            assertThat(a.recipient()).isEqualTo(TestParties.SUPPLIER);
        }
        assertThat(active(LOW_CREDIT)).isEqualTo(new Data.DoubleLong(180000));
    }

    @Test
    void cancellation_leavesThePendingValuesUnapplied() throws Exception {
        t.esme.receive(command(body(null, 210000), 1000));
        Instant at = t.clock.now().plus(Duration.ofDays(2));
        t.esme.receive(command(body(at.toString(), 180000), 1001));
        t.esme.receive(command(body("3000-12-31T00:00:00Z", 180000), 1002));
        t.clock.advance(Duration.ofDays(3));
        assertThat(t.esme.poll()).isEmpty();
        assertThat(active(LOW_CREDIT)).isEqualTo(new Data.DoubleLong(210000));
    }
}
