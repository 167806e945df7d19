package org.dccsim.headend.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.ServiceRequest;
import org.dccsim.duis.XmlNode;
import org.dccsim.gbcs.Eui64;
import org.junit.jupiter.api.Test;

/** When DSP schedules run and what each run asks for (DUIS 5.1), without a head-end. */
class DspScheduleTest {
    private static NonDeviceServices.Schedule schedule(String frequency, String start, String end, String time, String srv,
            XmlNode request) throws DuisException {
        List<XmlNode> def = new ArrayList<>(List.of(XmlNode.leaf("ScheduleFrequency", frequency),
                XmlNode.leaf("ScheduleStartDate", start)));
        if (end != null) {
            def.add(XmlNode.leaf("ScheduleEndDate", end));
        }
        if (time != null) {
            def.add(XmlNode.leaf("ScheduleExecutionStartTime", time));
        }
        String[] parts = srv.split("\\.");
        def.add(XmlNode.leaf("DSPScheduledServiceReference", parts[0] + "." + parts[1]));
        def.add(XmlNode.leaf("DSPScheduledServiceReferenceVariant", srv));
        def.add(XmlNode.leaf("DeviceID", "00-DB-12-34-56-78-90-A0"));
        def.add(request);
        return NonDeviceServices.Schedule.read(XmlNode.element("CreateSchedule", def));
    }

    private static XmlNode profileYesterday() {
        return XmlNode.element("DSPReadActiveImportProfileData", XmlNode.leaf("StartDateOffset", "-1"),
                XmlNode.leaf("StartTime", "00:00:00Z"), XmlNode.leaf("EndDateOffset", "-1"), XmlNode.leaf("EndTime", "23:30:00Z"));
    }

    @Test
    void monthlyFromThe31st_runsOnEachMonthsLastDay_evenYearsLater() throws Exception {
        NonDeviceServices.Schedule s = schedule("Monthly", "2026-01-31", null, "06:00:00Z", "4.8.1", profileYesterday());
        assertThat(s.nextAfter(Instant.parse("2026-02-01T00:00:00Z"))).isEqualTo(Instant.parse("2026-02-28T06:00:00Z"));
        // Three years on, the skip-ahead must not pass the run it looks for.
        assertThat(s.nextAfter(Instant.parse("2029-03-30T07:00:00Z"))).isEqualTo(Instant.parse("2029-03-31T06:00:00Z"));
        assertThat(s.nextAfter(Instant.parse("2029-03-31T06:00:00Z"))).isEqualTo(Instant.parse("2029-04-30T06:00:00Z"));
    }

    @Test
    void dailyWithAnEndDate_stopsAfterIt_andDefaultsToMidnight() throws Exception {
        NonDeviceServices.Schedule s = schedule("Daily", "2026-06-01", "2026-06-03", null, "4.8.1", profileYesterday());
        assertThat(s.nextAfter(Instant.parse("2026-05-01T00:00:00Z"))).isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
        assertThat(s.nextAfter(Instant.parse("2026-06-02T00:00:00Z"))).isEqualTo(Instant.parse("2026-06-03T00:00:00Z"));
        assertThat(s.nextAfter(Instant.parse("2026-06-03T00:00:00Z"))).isNull();
    }

    @Test
    void eachRun_readsThePeriodItsOffsetsName() throws Exception {
        NonDeviceServices.Schedule s = schedule("Quarterly", "2026-01-01", null, "01:00:00Z", "4.8.1", profileYesterday());
        ServiceRequest r = s.request(Eui64.parse("90B3D51F30010000"), 7, Instant.parse("2026-04-01T01:00:00Z"));
        assertThat(r.serviceReferenceVariant()).isEqualTo("4.8.1");
        assertThat(r.body().name()).isEqualTo("ReadActiveImportProfileData");
        XmlNode period = r.body().child("ReadLogPeriod").orElseThrow();
        assertThat(period.text("StartDateTime")).isEqualTo("2026-03-31T00:00:00Z");
        assertThat(period.text("EndDateTime")).isEqualTo("2026-03-31T23:30:00Z");
        assertThat(s.nextAfter(Instant.parse("2026-04-01T01:00:00Z"))).isEqualTo(Instant.parse("2026-07-01T01:00:00Z"));
    }

    @Test
    void badDefinitions_areRefusedWithE12() {
        assertThatThrownBy(() -> schedule("Hourly", "2026-06-01", null, null, "4.8.1", profileYesterday()))
                .hasMessageContaining("ScheduleFrequency");
        assertThatThrownBy(() -> schedule("Daily", "2026-06-01", "2026-05-01", null, "4.8.1", profileYesterday()))
                .hasMessageContaining("before ScheduleStartDate");
        assertThatThrownBy(() -> schedule("Daily", "2026-06-01", null, null, "7.16", profileYesterday()))
                .hasMessageContaining("cannot be scheduled");
        assertThatThrownBy(() -> schedule("Daily", "2026-06-01", null, null, "4.8.1", XmlNode.element(
                "DSPReadActiveImportProfileData", XmlNode.leaf("StartDateOffset", "3"), XmlNode.leaf("StartTime", "00:00:00Z"),
                XmlNode.leaf("EndDateOffset", "0"), XmlNode.leaf("EndTime", "00:00:00Z"))).request(
                Eui64.parse("90B3D51F30010000"), 1, Instant.parse("2026-06-01T00:00:00Z")))
                .hasMessageContaining("0 to -400 days");
    }
}
