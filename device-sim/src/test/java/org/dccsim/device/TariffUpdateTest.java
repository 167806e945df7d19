package org.dccsim.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dccsim.duis.DuisDocuments;
import org.dccsim.duis.ServiceRequest;
import org.dccsim.gbcs.dlms.CosemAttribute;
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
 * DUIS 1.1.1 (GBCS ECS01a) from a DUIS body to the ESME and back with 4.11.1 (ECS24): the switching table and special
 * days become the active ones at once, or at the ExecutionDateTime with one 8F66 per activation time (six, as DCC's
 * future-dated ECS01a raises).
 */
class TariffUpdateTest {
    private static final ObisCode CALENDAR = ObisCode.parse("0-0:13.0.0.255");
    private static final ObisCode ACTIVE_SPECIAL_DAYS = ObisCode.parse("0-0:11.0.0.255");
    private final TestSite t = new TestSite();

    /** A one-day switching table: rate {@code rate} from midnight, rate 2 from 07:00, and one special day. */
    private static String body(String executionDateTime, int rate) {
        StringBuilder thresholds = new StringBuilder();
        for (int n = 1; n <= 8; n++) {
            thresholds.append("<sr:Thresholds index=\"").append(n).append("\"><sr:BlockThreshold index=\"1\">")
                    .append(n == 1 ? 1000 : 4294967295L).append("</sr:BlockThreshold></sr:Thresholds>");
        }
        StringBuilder week = new StringBuilder();
        for (int d = 1; d <= 7; d++) {
            week.append("<sr:ReferencedDayName index=\"").append(d).append("\">1</sr:ReferencedDayName>");
        }
        String date = "<sr:Year><sr:NonSpecifiedYear/></sr:Year><sr:Month><sr:SpecifiedMonth>%d</sr:SpecifiedMonth></sr:Month>"
                + "<sr:DayOfMonth><sr:SpecifiedDayOfMonth>%d</sr:SpecifiedDayOfMonth></sr:DayOfMonth><sr:DayOfWeek>"
                + "<sr:NonSpecifiedDayOfWeek/></sr:DayOfWeek>";
        return "<sr:UpdateImportTariffPrimaryElement>"
                + (executionDateTime == null ? "" : "<sr:ExecutionDateTime>" + executionDateTime + "</sr:ExecutionDateTime>")
                + "<sr:ElecTariffElements><sr:CurrencyUnits>GBP</sr:CurrencyUnits><sr:SwitchingTable><sr:DayProfiles>"
                + "<sr:DayProfile><sr:DayName>1</sr:DayName><sr:ProfileSchedule><sr:StartTime>00:00:00.00Z</sr:StartTime>"
                + "<sr:TOUTariffAction>" + rate + "</sr:TOUTariffAction></sr:ProfileSchedule><sr:ProfileSchedule>"
                + "<sr:StartTime>07:00:00.00Z</sr:StartTime><sr:TOUTariffAction>2</sr:TOUTariffAction></sr:ProfileSchedule>"
                + "</sr:DayProfile></sr:DayProfiles><sr:WeekProfiles><sr:WeekProfile><sr:WeekName>1</sr:WeekName>" + week
                + "</sr:WeekProfile></sr:WeekProfiles><sr:Seasons><sr:Season><sr:SeasonName>all</sr:SeasonName>"
                + "<sr:SeasonStartDate>" + String.format(date, 1, 1) + "</sr:SeasonStartDate><sr:ReferencedWeekName>1"
                + "</sr:ReferencedWeekName></sr:Season></sr:Seasons></sr:SwitchingTable><sr:SpecialDays><sr:SpecialDay>"
                + "<sr:Date>" + String.format(date, 12, 25) + "</sr:Date><sr:ReferencedDayName>1</sr:ReferencedDayName>"
                + "</sr:SpecialDay></sr:SpecialDays><sr:ThresholdMatrix>" + thresholds + "</sr:ThresholdMatrix>"
                + "</sr:ElecTariffElements><sr:PriceElements><sr:ElectricityPriceElements><sr:StandingCharge>20000"
                + "</sr:StandingCharge><sr:StandingChargeScale>-5</sr:StandingChargeScale><sr:PriceScale>-5</sr:PriceScale>"
                + "<sr:TOUTariff><sr:TOUPrice index=\"1\">1500</sr:TOUPrice><sr:TOUPrice index=\"2\">3000</sr:TOUPrice>"
                + "</sr:TOUTariff></sr:ElectricityPriceElements></sr:PriceElements></sr:UpdateImportTariffPrimaryElement>";
    }

    /** A request as the head-end transforms it, signed by the supplier when critical, MACed. */
    private byte[] command(String srv, String body, long counter, int variant) throws Exception {
        String xml = "<sr:Request xmlns:sr=\"" + DuisDocuments.DUIS_NS + "\" schemaVersion=\"5.4\"><sr:Header><sr:RequestID>"
                + "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:" + counter + "</sr:RequestID><sr:CommandVariant>" + variant
                + "</sr:CommandVariant><sr:ServiceReference>" + srv.substring(0, srv.lastIndexOf('.'))
                + "</sr:ServiceReference><sr:ServiceReferenceVariant>" + srv + "</sr:ServiceReferenceVariant></sr:Header>"
                + "<sr:Body>" + body + "</sr:Body></sr:Request>";
        Transformer.Transformed out = new Transformer().transform(ServiceRequest.read(DuisDocuments.withoutSchema()
                .parse(xml.getBytes(StandardCharsets.UTF_8))));
        GeneralSigningApdu apdu = variant == 4 ? t.security.sign(out.apdu(), TestParties.SUPPLIER) : out.apdu();
        return GbcsFrameEncoder.encode(t.security.addMac(apdu));
    }

    private XdlmsApdu.AccessResponse answer(List<Outbound> out) throws Exception {
        return (XdlmsApdu.AccessResponse) XdlmsCodec.decode(new GbcsFrameDecoder().decode(out.get(0).frame()).apdu().content());
    }

    /** 4.11.1's answer: the active seasons, weeks and days, and the active special days, among its items. */
    private XdlmsApdu.AccessResponse readTariff(long counter) throws Exception {
        return answer(t.esme.receive(command("4.11.1", "<sr:ReadTariffPrimaryElement/>", counter, 1)));
    }

    private Data active(int attribute) {
        return t.esme.object(20, CALENDAR).orElseThrow().get(attribute, null).data();
    }

    @Test
    void immediate_makesTheSwitchingTableAndSpecialDaysActive_andReadTariffShowsThem() throws Exception {
        XdlmsApdu.AccessResponse set = answer(t.esme.receive(command("1.1.1", body(null, 1), 1000, 4)));
        assertThat(set.results()).hasSize(21).allSatisfy(r -> assertThat(r.result()).isZero());
        assertThat(active(5)).as("the active day profiles").isEqualTo(active(9));
        Data days = active(5);
        Data firstAction = ((Data.Structure) ((Data.Array) ((Data.Structure) ((Data.Array) days).elements().get(0)).get(1))
                .elements().get(0));
        assertThat(firstAction.equals(Data.structure(Data.octets(new byte[4]), Data.octets(ObisCode.parse("0-0:10.0.100.255")
                .toBytes()), new Data.LongUnsigned(1)))).isTrue();
        assertThat(((Data.Array) t.esme.object(11, ACTIVE_SPECIAL_DAYS).orElseThrow().get(2, null).data()).elements()).hasSize(1);

        XdlmsApdu.AccessResponse read = readTariff(1001);
        assertThat(read.data()).anySatisfy(d -> assertThat(d).isEqualTo(days));
        assertThat(t.esme.poll()).isEmpty();
    }

    @Test
    void futureDated_activatesAtItsTime_withSixAlerts8F66_andNotBefore() throws Exception {
        t.esme.receive(command("1.1.1", body(null, 1), 1000, 4));
        Data before = active(5);
        Instant at = t.clock.now().plus(Duration.ofDays(1));
        List<Outbound> out = t.esme.receive(command("1.1.1", body(at.toString(), 3), 1001, 4));
        assertThat(answer(out).results()).allSatisfy(r -> assertThat(r.result()).isZero());
        t.clock.advance(Duration.ofDays(1).minusMinutes(1));
        assertThat(t.esme.poll()).isEmpty();
        assertThat(active(5)).as("not before its time").isEqualTo(before);
        t.clock.advance(Duration.ofMinutes(1));
        List<Outbound> alerts = t.esme.poll();
        assertThat(alerts).hasSize(6);
        List<CosemAttribute> items = alerts.stream().map(a -> {
            try {
                DeviceAlert.FutureDatedExecution f = (DeviceAlert.FutureDatedExecution) DeviceAlerts.parse(
                        new GbcsFrameDecoder().decode(a.frame()).apdu()).orElseThrow();
                assertThat(f.success()).isTrue();
                assertThat(f.originalMessageCode()).isEqualTo(0x0019);
                return f.item();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertThat(items).contains(new CosemAttribute(20, CALENDAR, 10), new CosemAttribute(9000,
                ObisCode.parse("0-0:94.44.128.29"), 6), new CosemAttribute(9000, ObisCode.parse("0-0:63.1.1.255"), 6));
        assertThat(active(5)).isNotEqualTo(before).isEqualTo(active(9));
    }

    @Test
    void cancellation_leavesThePendingTableUnapplied() throws Exception {
        t.esme.receive(command("1.1.1", body(null, 1), 1000, 4));
        Data before = active(5);
        Instant at = t.clock.now().plus(Duration.ofDays(1));
        t.esme.receive(command("1.1.1", body(at.toString(), 3), 1001, 4));
        t.esme.receive(command("1.1.1", body("3000-12-31T00:00:00Z", 3), 1002, 4));
        t.clock.advance(Duration.ofDays(2));
        assertThat(t.esme.poll()).isEmpty();
        assertThat(active(5)).isEqualTo(before);
    }
}
