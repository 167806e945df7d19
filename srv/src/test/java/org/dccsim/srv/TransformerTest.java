package org.dccsim.srv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisDocuments;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.ServiceRequest;
import org.dccsim.gbcs.dlms.XdlmsApdu;
import org.dccsim.gbcs.dlms.XdlmsCodec;
import org.junit.jupiter.api.Test;

/** The transforms of the configuration and auxiliary-load SRVs on their own: choices and refusals (E12). */
class TransformerTest {
    private final Transformer transformer = new Transformer();

    private static ServiceRequest sr(int cv, String srv, String body) throws DuisException {
        String sr = srv.chars().filter(c -> c == '.').count() == 2 ? srv.substring(0, srv.lastIndexOf('.')) : srv;
        String xml = "<sr:Request xmlns:sr=\"" + DuisDocuments.DUIS_NS + "\" schemaVersion=\"5.4\"><sr:Header><sr:RequestID>"
                + "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1000</sr:RequestID><sr:CommandVariant>" + cv
                + "</sr:CommandVariant><sr:ServiceReference>" + sr + "</sr:ServiceReference><sr:ServiceReferenceVariant>" + srv
                + "</sr:ServiceReferenceVariant></sr:Header><sr:Body>" + body + "</sr:Body></sr:Request>";
        return ServiceRequest.read(DuisDocuments.withoutSchema().parse(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private XdlmsApdu.AccessRequest items(ServiceRequest r) throws Exception {
        Transformer.Transformed t = transformer.transform(r);
        return (XdlmsApdu.AccessRequest) XdlmsCodec.decode(t.apdu().content());
    }

    private String useCase(ServiceRequest r) throws DuisException {
        return transformer.plan(r, null).useCase();
    }

    private static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DuisException.class,
                e -> assertThat(e.responseCode()).isEqualTo(DuisCodes.E12)).hasMessageContaining(message);
    }

    private static final String PERIOD = "<sr:ReadLogPeriod><sr:StartDateTime>%s</sr:StartDateTime><sr:EndDateTime>%s"
            + "</sr:EndDateTime></sr:ReadLogPeriod>";

    @Test
    void srvTheCatalogueLacks_isRefusedWithE12_givingItsReasonWhereKnown() throws Exception {
        refused(() -> transformer.plan(sr(1, "6.22", "<sr:ConfigureAlertBehaviour/>"), null),
                "SRV 6.22 is not supported by dccsim: Configure Alert Behaviour");
        refused(() -> transformer.plan(sr(1, "99.1", "<sr:Nothing/>"), null), "SRV 99.1 is not supported by dccsim");
    }

    /** Certificates in a body that are not X.509 DER are the body's fault (E12), never an encoder's exception. */
    @Test
    void certificatesThatAreNotDer_areRefusedWithE12() throws Exception {
        String optOut = "<sr:ServiceOptOut><sr:ExecutionDateTime>2026-06-01T00:00:00Z</sr:ExecutionDateTime>"
                + "<sr:ACBFloorSeqNumber>0</sr:ACBFloorSeqNumber><sr:ReplacementCertificates><sr:KeyAgreementCertificate>%s"
                + "</sr:KeyAgreementCertificate></sr:ReplacementCertificates><sr:CertificationPathCertificates><sr:Certificate>"
                + "%s</sr:Certificate></sr:CertificationPathCertificates><sr:ApplyTimeBasedCPVChecks>true"
                + "</sr:ApplyTimeBasedCPVChecks></sr:ServiceOptOut>";
        Transformer.OnBehalf acb = new Transformer.OnBehalf(org.dccsim.gbcs.testing.TestParties.ACB, 1);
        ServiceRequest garbage = sr(1, "8.5", String.format(optOut, "AAECAwQF", "AAECAwQF"));
        refused(() -> transformer.transform(garbage, transformer.plan(garbage, null), acb),
                "KeyAgreementCertificate is not an X.509 certificate");
        // A real certificate with bytes after it: the JDK reads the certificate, the strict DER encoder refuses the rest.
        java.security.SecureRandom rnd = new java.security.SecureRandom();
        var ca = org.dccsim.gbcs.crypto.TestCertificates.certificateAuthority(java.math.BigInteger.TWO, rnd);
        byte[] der = ca.certificate().getEncoded();
        byte[] trailing = java.util.Arrays.copyOf(der, der.length + 2);
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        ServiceRequest trailed = sr(1, "8.5", String.format(optOut, b64.encodeToString(trailing), b64.encodeToString(der)));
        refused(() -> transformer.transform(trailed, transformer.plan(trailed, null), acb), "8.5: not a DER certificate");
    }

    /**
     * 6.21 hands a DCC-controlled device's network operator cell to the network operator the inventory registers for
     * it, and to no one else; 8.5 is refused without its mandatory ExecutionDateTime.
     */
    @Test
    void handoverToAnUnregisteredNetworkOperator_andOptOutWithoutATime_areRefusedWithE12() throws Exception {
        org.dccsim.gbcs.Eui64 registered = org.dccsim.gbcs.Eui64.parse("90B3D51F30020000");
        Transformer withInventory = new Transformer(SrvCatalogue.standard(), new DeviceDirectory() {
            @Override
            public java.util.Optional<String> deviceType(org.dccsim.gbcs.Eui64 device) {
                return java.util.Optional.of("ESME");
            }

            @Override
            public java.util.Optional<org.dccsim.gbcs.Eui64> networkOperator(org.dccsim.gbcs.Eui64 device) {
                return java.util.Optional.of(registered);
            }
        });
        java.security.SecureRandom rnd = new java.security.SecureRandom();
        var ca = org.dccsim.gbcs.crypto.TestCertificates.certificateAuthority(java.math.BigInteger.TEN, rnd);
        java.util.function.Function<org.dccsim.gbcs.Eui64, ServiceRequest> handover = party -> {
            try {
                byte[] ds = org.dccsim.gbcs.crypto.TestCertificates.issue(party, 3,
                        org.bouncycastle.asn1.x509.KeyUsage.digitalSignature, java.math.BigInteger.valueOf(77),
                        org.dccsim.gbcs.crypto.TestCertificates.newKeyPair(rnd).getPublic(), ca, null).getEncoded();
                java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
                return sr(1, "6.21", "<sr:RequestHandoverOfDCCControlledDevice><sr:RemotePartyRole>NetworkOperator"
                        + "</sr:RemotePartyRole><sr:RemotePartyFloorSeqNumber>0</sr:RemotePartyFloorSeqNumber>"
                        + "<sr:ReplacementCertificates><sr:DigitalSigningCertificate>" + b64.encodeToString(ds)
                        + "</sr:DigitalSigningCertificate></sr:ReplacementCertificates><sr:CertificationPathCertificates>"
                        + "<sr:Certificate>" + b64.encodeToString(ca.certificate().getEncoded()) + "</sr:Certificate>"
                        + "</sr:CertificationPathCertificates><sr:ApplyTimeBasedCPVChecks>true</sr:ApplyTimeBasedCPVChecks>"
                        + "</sr:RequestHandoverOfDCCControlledDevice>");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        Transformer.OnBehalf acb = new Transformer.OnBehalf(org.dccsim.gbcs.testing.TestParties.ACB, 5);
        ServiceRequest other = handover.apply(org.dccsim.gbcs.Eui64.parse("90B3D51F30020099"));
        refused(() -> withInventory.transform(other, withInventory.plan(other, org.dccsim.duis.UserRole.SUPPLIER), acb),
                "not the device's network operator's (90B3D51F30020000)");
        ServiceRequest theirs = handover.apply(registered);
        Transformer.Transformed out = withInventory.transform(theirs, withInventory.plan(theirs,
                org.dccsim.duis.UserRole.SUPPLIER), acb);
        assertThat(out.apdu().messageCode()).isEqualTo(org.dccsim.gbcs.usecase.LoadControllerCredentials
                .NETWORK_OPERATOR_BY_NETWORK_OPERATOR);
        assertThat(out.apdu().originator()).isEqualTo(org.dccsim.gbcs.testing.TestParties.ACB);

        refused(() -> transformer.plan(sr(1, "8.5", "<sr:ServiceOptOut><sr:ACBFloorSeqNumber>0</sr:ACBFloorSeqNumber>"
                + "</sr:ServiceOptOut>"), org.dccsim.duis.UserRole.SUPPLIER), "8.5 needs its ExecutionDateTime");

        // A device the inventory knows, with no network operator registered: nobody may have its cell.
        Transformer noOperator = new Transformer(SrvCatalogue.standard(), device -> java.util.Optional.of("ESME"));
        refused(() -> noOperator.transform(theirs, noOperator.plan(theirs, org.dccsim.duis.UserRole.SUPPLIER), acb),
                "the inventory registers no network operator for 00DB1234567890A0");
    }

    @Test
    void body_mustBeTheSrvsElement() throws Exception {
        refused(() -> transformer.plan(sr(1, "11.2", "<sr:Frobnicate/>"), null), "the body of 11.2 is ReadFirmwareVersion, not Frobnicate");
        assertThat(useCase(sr(1, "11.2", "<sr:ReadFirmwareVersion/>"))).isEqualTo("ECS52");
    }

    @Test
    void periods_areCheckedForOrderAndRange() {
        String read = "<sr:ReadActiveImportProfileData>" + PERIOD + "</sr:ReadActiveImportProfileData>";
        refused(() -> items(sr(1, "4.8.1", String.format(read, "2026-06-02T00:00:00Z", "2026-06-01T00:00:00Z"))),
                "ends before it starts");
        refused(() -> items(sr(1, "4.8.1", String.format(read, "0000-01-01T00:00:00Z", "2026-06-01T00:00:00Z"))),
                "outside 2000 to 2099");
        refused(() -> items(sr(1, "4.8.1", String.format(read, "2026-06-01T00:00:00Z", "9999-12-31T00:00:00Z"))),
                "outside 2000 to 2099");
        String limit = "<sr:LimitAPCLevel auxiliaryControllerN=\"1\"><sr:CommandedStateLevel>20</sr:CommandedStateLevel>"
                + "<sr:StartDateTime>%s</sr:StartDateTime><sr:EndDateTime>%s</sr:EndDateTime></sr:LimitAPCLevel>";
        refused(() -> items(sr(4, "7.16", String.format(limit, "2026-06-01T17:00:00Z", "2026-06-02T17:00:01Z"))),
                "longer than 24 hours");
        refused(() -> items(sr(4, "7.16", String.format(limit, "2026-06-01T17:00:00Z", "2026-06-01T17:00:00Z"))),
                "ends when it starts");
    }

    @Test
    void futureDatingAndUrpCredentials_onlyWhereTheSrvTakesThem() throws Exception {
        refused(() -> transformer.plan(sr(1, "7.4", "<sr:ReadSupplyStatus><sr:ExecutionDateTime>2026-06-01T00:00:00Z"
                + "</sr:ExecutionDateTime></sr:ReadSupplyStatus>"), null), "cannot be future dated");
        Transformer.Plan held = transformer.plan(sr(1, "11.2", "<sr:ReadFirmwareVersion><sr:ExecutionDateTime>"
                + "2026-06-01T00:00:00Z</sr:ExecutionDateTime></sr:ReadFirmwareVersion>"), null);
        assertThat(held.executeAt()).isEqualTo(java.time.Instant.parse("2026-06-01T00:00:00Z"));
        refused(() -> transformer.plan(sr(1, "4.8.2", "<sr:ReadReactiveImportProfileData>" + String.format(PERIOD,
                "2026-06-01T00:00:00Z", "2026-06-01T01:00:00Z") + "<sr:KAPublicSecurityCredentials>AAAA</sr:KAPublicSecurityCredentials>"
                + "</sr:ReadReactiveImportProfileData>"), org.dccsim.duis.UserRole.OTHER_USER), "takes no KAPublicSecurityCredentials");
        refused(() -> transformer.plan(sr(1, "4.1", "<sr:ReadInstantaneousImportRegisters/>"), null), "not supported");
    }

    @Test
    void useCaseAndSender_followTheRoleWhereDccsMessagesDo() throws Exception {
        ServiceRequest events = sr(1, "6.2.10", "<sr:ReadDeviceConfigurationEventAndAlertBehaviours/>");
        assertThat(transformer.plan(events, org.dccsim.duis.UserRole.SUPPLIER).useCase()).isEqualTo("ECS25r1");
        assertThat(transformer.plan(events, org.dccsim.duis.UserRole.NETWORK_OPERATOR).useCase()).isEqualTo("ECS25r2");
        ServiceRequest aux = sr(1, "7.14", "<sr:ReadAuxiliaryControllerConfigurationData/>");
        assertThat(transformer.plan(aux, org.dccsim.duis.UserRole.SUPPLIER).byAcb()).as("7.14 goes out from the ACB").isTrue();
        ServiceRequest supply = sr(1, "7.4", "<sr:ReadSupplyStatus/>");
        assertThat(transformer.plan(supply, org.dccsim.duis.UserRole.SUPPLIER).byAcb()).isFalse();
        assertThat(transformer.plan(supply, org.dccsim.duis.UserRole.OTHER_USER).byAcb()).isTrue();
    }

    private static final String RMS = "<sr:RMSVoltageSettings><sr:RMSExtremeOverVoltageMeasurementPeriod>30"
            + "</sr:RMSExtremeOverVoltageMeasurementPeriod><sr:RMSExtremeOverVoltageThreshold>287</sr:RMSExtremeOverVoltageThreshold>"
            + "<sr:RMSExtremeUnderVoltageMeasurementPeriod>30</sr:RMSExtremeUnderVoltageMeasurementPeriod>"
            + "<sr:RMSExtremeUnderVoltageThreshold>180</sr:RMSExtremeUnderVoltageThreshold><sr:RMSVoltageSagMeasurementPeriod>30"
            + "</sr:RMSVoltageSagMeasurementPeriod><sr:RMSVoltageSagThreshold>216</sr:RMSVoltageSagThreshold>"
            + "<sr:RMSVoltageSwellMeasurementPeriod>30</sr:RMSVoltageSwellMeasurementPeriod><sr:RMSVoltageSwellThreshold>253"
            + "</sr:RMSVoltageSwellThreshold></sr:RMSVoltageSettings>";

    private static String phase(int n) {
        return "<sr:PolyPhaseVoltageSettings><sr:Phase>" + n + "</sr:Phase><sr:PhaseVoltageSettings>"
                + "<sr:AverageRMSOverVoltageThreshold>264</sr:AverageRMSOverVoltageThreshold><sr:AverageRMSUnderVoltageThreshold>200"
                + "</sr:AverageRMSUnderVoltageThreshold><sr:AverageRMSVoltageMeasurementPeriod>30"
                + "</sr:AverageRMSVoltageMeasurementPeriod></sr:PhaseVoltageSettings></sr:PolyPhaseVoltageSettings>";
    }

    @Test
    void voltage_picksTheUseCaseFromTheBody_singlePolyAndPolyWithoutCounterReset() throws Exception {
        String single = "<sr:SinglePhaseVoltageSettings><sr:AverageRMSOverVoltageThreshold>264</sr:AverageRMSOverVoltageThreshold>"
                + "<sr:AverageRMSUnderVoltageThreshold>200</sr:AverageRMSUnderVoltageThreshold><sr:AverageRMSVoltageMeasurementPeriod>30"
                + "</sr:AverageRMSVoltageMeasurementPeriod></sr:SinglePhaseVoltageSettings>";
        ServiceRequest a = sr(1, "6.5", "<sr:UpdateDeviceConfigurationVoltage>" + RMS + single + "</sr:UpdateDeviceConfigurationVoltage>");
        ServiceRequest b = sr(1, "6.5", "<sr:UpdateDeviceConfigurationVoltage>" + RMS + phase(1) + phase(2) + phase(3)
                + "</sr:UpdateDeviceConfigurationVoltage>");
        ServiceRequest d = sr(1, "6.5", "<sr:UpdateDeviceConfigurationVoltage>" + RMS + phase(3) + phase(1) + phase(2)
                + "<sr:RMSVoltageCountersNotReset/></sr:UpdateDeviceConfigurationVoltage>");
        ServiceRequest c = sr(1, "6.5", "<sr:UpdateDeviceConfigurationVoltage>" + RMS + single
                + "<sr:RMSVoltageCountersNotReset/></sr:UpdateDeviceConfigurationVoltage>");
        assertThat(useCase(a)).isEqualTo("ECS29a");
        assertThat(useCase(b)).isEqualTo("ECS29b");
        assertThat(useCase(c)).as("single-phase, counters kept").isEqualTo("ECS29c");
        assertThat(useCase(d)).isEqualTo("ECS29d");
        assertThat(items(c).specifications()).hasSize(11); // as ECS29a, without the two counter resets
        assertThat(items(a).specifications()).hasSize(13); // 9 settings, 2 thresholds, 2 counter resets
        assertThat(items(b).specifications()).hasSize(23);
        assertThat(items(d).specifications()).hasSize(17); // phases in any order, no resets
        ServiceRequest twoPhases = sr(1, "6.5", "<sr:UpdateDeviceConfigurationVoltage>" + RMS + phase(1) + phase(2)
                + "</sr:UpdateDeviceConfigurationVoltage>");
        assertThatThrownBy(() -> items(twoPhases)).isInstanceOfSatisfying(DuisException.class,
                e -> assertThat(e.responseCode()).isEqualTo(DuisCodes.E12)).hasMessageContaining("phases 1, 2 and 3");
    }

    @Test
    void loadLimitSettings_futureDatedAndCancelled_carryTheirActivationTime() throws Exception {
        String body = "<sr:UpdateDeviceConfigurationLoadLimitingGeneralSettings>%s<sr:LoadLimitPeriod>300</sr:LoadLimitPeriod>"
                + "<sr:LoadLimitPowerThreshold>6900</sr:LoadLimitPowerThreshold><sr:LoadLimitRestorationPeriod>30"
                + "</sr:LoadLimitRestorationPeriod><sr:LoadLimitSupplyState>%s</sr:LoadLimitSupplyState>"
                + "</sr:UpdateDeviceConfigurationLoadLimitingGeneralSettings>";
        var now = items(sr(4, "6.4.1", String.format(body, "", "Disable")));
        var later = items(sr(4, "6.4.1", String.format(body, "<sr:ExecutionDateTime>2030-01-15T09:00:00Z</sr:ExecutionDateTime>",
                "Unchanged")));
        var never = items(sr(4, "6.4.1", String.format(body, "<sr:ExecutionDateTime>3000-12-31T00:00:00Z</sr:ExecutionDateTime>",
                "Disable")));
        assertThat(org.dccsim.gbcs.Hex.encode(((org.dccsim.gbcs.dlms.Data.OctetString) now.data().get(4)).value()))
                .as("GBCS NOW").isEqualTo("0000000000000000008000FF");
        assertThat(later.data().get(0)).isEqualTo(new org.dccsim.gbcs.dlms.Data.Bool(false));
        assertThat(org.dccsim.gbcs.Hex.encode(((org.dccsim.gbcs.dlms.Data.OctetString) later.data().get(4)).value()))
                .isEqualTo("07EE010FFF090000008000FF");
        assertThat(org.dccsim.gbcs.Hex.encode(((org.dccsim.gbcs.dlms.Data.OctetString) never.data().get(7)).value()))
                .isEqualTo("FFFFFFFFFFFFFFFFFF8000FF");
        assertThatThrownBy(() -> items(sr(4, "6.4.1", String.format(body, "", "Sometimes"))))
                .hasMessageContaining("Disable or Unchanged");
    }

    @Test
    void descriptionsBoostAndAuxiliaryLoads_refuseWhatGbcsCannotCarry() {
        assertThatThrownBy(() -> items(sr(4, "6.14.1", "<sr:UpdateDeviceConfigurationALCDescriptions><sr:ALCSHCALCSDescription "
                + "index=\"1\"><sr:SwitchDescription>" + "x".repeat(23) + "</sr:SwitchDescription></sr:ALCSHCALCSDescription>"
                + "</sr:UpdateDeviceConfigurationALCDescriptions>"))).hasMessageContaining("22 printable");
        assertThatThrownBy(() -> items(sr(4, "6.14.1", "<sr:UpdateDeviceConfigurationALCDescriptions><sr:ALCSHCALCSDescription "
                + "index=\"6\"><sr:SwitchDescription>x</sr:SwitchDescription></sr:ALCSHCALCSDescription>"
                + "</sr:UpdateDeviceConfigurationALCDescriptions>"))).hasMessageContaining("index");
        assertThatThrownBy(() -> items(sr(1, "7.9", "<sr:AddAuxiliaryLoadToBoostButton><sr:AddToBoostButton index=\"1\">true"
                + "</sr:AddToBoostButton></sr:AddAuxiliaryLoadToBoostButton>"))).hasMessageContaining("exactly five");
        assertThatThrownBy(() -> items(sr(4, "7.5", "<sr:ActivateAuxiliaryLoad/>"))).hasMessageContaining("exactly one");
    }

    @Test
    void removeFromBoost_writesOnlyTheFlaggedLoads() throws Exception {
        StringBuilder b = new StringBuilder("<sr:RemoveAuxiliaryLoadFromBoostButton>");
        for (int i = 1; i <= 5; i++) {
            b.append("<sr:RemoveFromBoostButton index=\"").append(i).append("\">").append(i == 4).append("</sr:RemoveFromBoostButton>");
        }
        var r = items(sr(1, "7.10", b + "</sr:RemoveAuxiliaryLoadFromBoostButton>"));
        assertThat(r.specifications()).hasSize(1);
        assertThat(r.specifications().get(0).target().obis().toString()).isEqualTo("0-0:94.44.6.4");
        assertThat(r.data().get(0)).isEqualTo(new org.dccsim.gbcs.dlms.Data.Bool(false));
    }

    @Test
    void calendar_refusesABadSwitchTimeAndAnUndefinedSpecialDay() {
        String date = "<sr:Year><sr:SpecifiedYear>2026</sr:SpecifiedYear></sr:Year><sr:Month><sr:SpecifiedMonth>06"
                + "</sr:SpecifiedMonth></sr:Month><sr:DayOfMonth><sr:SpecifiedDayOfMonth>01</sr:SpecifiedDayOfMonth></sr:DayOfMonth>"
                + "<sr:DayOfWeek><sr:NonSpecifiedDayOfWeek/></sr:DayOfWeek>";
        java.util.function.BiFunction<String, String, String> body = (time, special) -> "<sr:UpdateDeviceConfigurationAuxiliaryControllerScheduler>"
                + "<sr:AuxiliaryControllerSchedule><sr:AuxiliaryControllerAction auxiliaryControllerN=\"1\"><sr:CommandedStateLevel>50"
                + "</sr:CommandedStateLevel></sr:AuxiliaryControllerAction>" + special + "<sr:DaysOfWeekApplicability>"
                + "<sr:DayOfWeekApplicability><sr:DayOfWeekID>Monday</sr:DayOfWeekID></sr:DayOfWeekApplicability>"
                + "</sr:DaysOfWeekApplicability><sr:AuxiliaryControllerSchedulePeriodAndTime><sr:SwitchTime>" + time
                + "</sr:SwitchTime><sr:StartDate>" + date + "</sr:StartDate><sr:EndDate>" + date + "</sr:EndDate>"
                + "</sr:AuxiliaryControllerSchedulePeriodAndTime></sr:AuxiliaryControllerSchedule>"
                + "<sr:AuxiliaryControllerSpecialDayDefinitions><sr:AuxiliaryControllerSpecialDayDefinition identifier=\"1\">" + date
                + "</sr:AuxiliaryControllerSpecialDayDefinition></sr:AuxiliaryControllerSpecialDayDefinitions>"
                + "</sr:UpdateDeviceConfigurationAuxiliaryControllerScheduler>";
        assertThatThrownBy(() -> items(sr(4, "6.14.3", body.apply("25:00:00.00Z", "")))).hasMessageContaining("SwitchTime");
        assertThatThrownBy(() -> items(sr(4, "6.14.3", body.apply("09:00:00.00Z",
                "<sr:SpecialDaysApplicability identifier=\"2\"/>")))).hasMessageContaining("undefined special day");
    }

    private static org.dccsim.gbcs.dlms.Data executionTime(int hour, int month, int day, int dayOfWeek) {
        return org.dccsim.gbcs.dlms.Data.structure(org.dccsim.gbcs.dlms.Data.octets(new byte[] {(byte) hour, 0, 0, 0}),
                org.dccsim.gbcs.dlms.Data.octets(new byte[] {-1, -1, (byte) month, (byte) day, (byte) dayOfWeek}));
    }

    private static String calendar(String time, String period) {
        return "<sr:UpdateDeviceConfigurationBillingCalendar><sr:ElectricityBillingCalendar><sr:BillingTime>" + time
                + "</sr:BillingTime>" + period + "</sr:ElectricityBillingCalendar></sr:UpdateDeviceConfigurationBillingCalendar>";
    }

    @Test
    void billingCalendar_repeatsByPeriod_andSixMonthlyFromNovemberWrapsIntoMay() throws Exception {
        ServiceRequest weekly = sr(1, "6.8", calendar("06:00:00Z", "<sr:Weekly>3</sr:Weekly>"));
        assertThat(useCase(weekly)).isEqualTo("ECS30");
        assertThat(items(weekly).data()).containsExactly(org.dccsim.gbcs.dlms.Data.array(executionTime(6, 0xFF, 0xFF, 3)));
        ServiceRequest daily = sr(1, "6.8", calendar("23:00:00Z", "<sr:Daily/>"));
        assertThat(items(daily).data()).containsExactly(org.dccsim.gbcs.dlms.Data.array(executionTime(23, 0xFF, 0xFF, 0xFF)));
        ServiceRequest sixMonthly = sr(1, "6.8", calendar("00:00:00Z",
                "<sr:SixMonthly><sr:DayOfMonth>15</sr:DayOfMonth><sr:BillingPeriodStartMonth>11</sr:BillingPeriodStartMonth>"
                        + "</sr:SixMonthly>"));
        assertThat(useCase(sixMonthly)).isEqualTo("ECS30a");
        assertThat(items(sixMonthly).data()).containsExactly(org.dccsim.gbcs.dlms.Data.array(executionTime(0, 11, 15, 0xFF),
                executionTime(0, 5, 15, 0xFF)));
        refused(() -> items(sr(1, "6.8", calendar("00:00:00Z", "<sr:Monthly>31</sr:Monthly>"))), "Monthly");
        refused(() -> items(sr(1, "6.8", calendar("25:00:00Z", "<sr:Daily/>"))), "BillingTime");
    }

    @Test
    void customerAndMpanSrvs_checkTheirFieldsBeforeAnythingIsSent() throws Exception {
        refused(() -> items(sr(1, "3.1", "<sr:DisplayMessage><sr:SupplierMessage>" + "x".repeat(117)
                + "</sr:SupplierMessage></sr:DisplayMessage>")), "1 to 116 bytes");
        refused(() -> items(sr(1, "3.3", "<sr:ClearEventLog><sr:ESMEEventLogType>Gas</sr:ESMEEventLogType></sr:ClearEventLog>")),
                "ESME or ALCS");
        refused(() -> items(sr(1, "6.20.1", "<sr:SetDeviceConfigurationImportMPxN><sr:ImportMPANs><sr:ImportMPAN>13123456783AB"
                + "</sr:ImportMPAN></sr:ImportMPANs></sr:SetDeviceConfigurationImportMPxN>")), "13 digits");
        refused(() -> items(sr(1, "6.18.2", "<sr:ResetMaximumDemandRegisters/>")), "names no register");
        ServiceRequest alcs = sr(1, "3.3", "<sr:ClearEventLog><sr:ESMEEventLogType>ALCS</sr:ESMEEventLogType></sr:ClearEventLog>");
        assertThat(useCase(alcs)).isEqualTo("ECS15c");
        ServiceRequest export = sr(1, "6.18.2", "<sr:ResetMaximumDemandRegisters><sr:MaxDemandActivePowerExportValue/>"
                + "</sr:ResetMaximumDemandRegisters>");
        assertThat(items(export).specifications()).hasSize(1);
    }

    @Test
    void tableReads_rangeReadLogsAndProtectOnlyWhatTheTableProtects() throws Exception {
        String period = String.format(PERIOD, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z");
        // 4.4.4 (ECS20a): a plain log read over the period, selector 1.
        XdlmsApdu.AccessRequest export = items(sr(1, "4.4.4", "<sr:RetrieveBillingDataLogDebtPayments>" + period
                + "</sr:RetrieveBillingDataLogDebtPayments>"));
        assertThat(export.specifications()).hasSize(1);
        assertThat(export.specifications().get(0)).isInstanceOfSatisfying(
                org.dccsim.gbcs.dlms.AccessRequestSpecification.GetWithSelection.class, g -> assertThat(g.selector()).isEqualTo(1));
        // 4.6.1 (ECS21a): one protected read (class 30 method 1) carrying the log and the period.
        XdlmsApdu.AccessRequest daily = items(sr(1, "4.6.1", "<sr:RetrieveImportDailyReadLog>" + period
                + "</sr:RetrieveImportDailyReadLog>"));
        assertThat(daily.specifications()).hasSize(1);
        assertThat(daily.specifications().get(0)).isInstanceOfSatisfying(org.dccsim.gbcs.dlms.AccessRequestSpecification.Action.class,
                a -> assertThat(a.target().obis().toString()).isEqualTo("0-0:43.2.5.255"));
        // 4.10 (ECS23): registers read plainly, the voltage profile over the period.
        assertThat(items(sr(1, "4.10", "<sr:ReadNetworkData>" + period + "</sr:ReadNetworkData>")).specifications()).hasSize(6);
        refused(() -> items(sr(1, "4.6.1", "<sr:RetrieveImportDailyReadLog>" + String.format(PERIOD, "2026-12-01T00:00:00Z",
                "2026-11-01T00:00:00Z") + "</sr:RetrieveImportDailyReadLog>")), "before it starts");
    }

    @Test
    void prepaymentAndPrices_refuseWhatAnEsmeCannotTake() throws Exception {
        refused(() -> items(sr(4, "1.5", "<sr:UpdateMeterBalance><sr:CreditMode><sr:AdjustMeterBalance>2147483648"
                + "</sr:AdjustMeterBalance></sr:CreditMode></sr:UpdateMeterBalance>")), "AdjustMeterBalance 2147483648");
        assertThat(useCase(sr(4, "1.5", "<sr:UpdateMeterBalance><sr:CreditMode><sr:ResetMeterBalance/></sr:CreditMode>"
                + "</sr:UpdateMeterBalance>"))).isEqualTo("ECS04b");
        String debt = "<sr:UpdateDebt><sr:TimeDebtRegister1>1</sr:TimeDebtRegister1><sr:TimeDebtRegister2>2</sr:TimeDebtRegister2>"
                + "<sr:PaymentDebtRegister>3</sr:PaymentDebtRegister><sr:DebtRecoveryPerPayment>10</sr:DebtRecoveryPerPayment>%s"
                + "</sr:UpdateDebt>";
        String rate = "<sr:%s><sr:DebtRecoveryRate>3</sr:DebtRecoveryRate><sr:DebtRecoveryRatePriceScale>-1"
                + "</sr:DebtRecoveryRatePriceScale><sr:DebtRecoveryRatePeriod>%s</sr:DebtRecoveryRatePeriod></sr:%s>";
        refused(() -> items(sr(4, "2.3", String.format(debt, String.format(rate, "GasDebtRecovery1", "DAILY", "GasDebtRecovery1")
                + String.format(rate, "GasDebtRecovery2", "DAILY", "GasDebtRecovery2")))), "not GasDebtRecovery");
        refused(() -> items(sr(4, "2.3", String.format(debt, String.format(rate, "ElecDebtRecovery1", "WEEKLY", "ElecDebtRecovery1")
                + String.format(rate, "ElecDebtRecovery2", "DAILY", "ElecDebtRecovery2")))), "HOURLY or DAILY");
        assertThat(items(sr(4, "2.3", String.format(debt, String.format(rate, "ElecDebtRecovery1", "HOURLY", "ElecDebtRecovery1")
                + String.format(rate, "ElecDebtRecovery2", "DAILY", "ElecDebtRecovery2")))).data().get(3))
                .as("HOURLY is 3,600 s").isEqualTo(new org.dccsim.gbcs.dlms.Data.DoubleLongUnsigned(3600));
        String prices = "<sr:UpdatePricePrimaryElement><sr:PriceElements><sr:ElectricityPriceElements><sr:StandingCharge>1"
                + "</sr:StandingCharge><sr:StandingChargeScale>-5</sr:StandingChargeScale><sr:PriceScale>-5</sr:PriceScale>"
                + "<sr:TOUTariff>%s</sr:TOUTariff></sr:ElectricityPriceElements></sr:PriceElements></sr:UpdatePricePrimaryElement>";
        refused(() -> items(sr(4, "1.2.1", String.format(prices, "<sr:TOUPrice index=\"2\">5</sr:TOUPrice>"
                + "<sr:TOUPrice index=\"2\">6</sr:TOUPrice>"))), "index 2 is given twice");
        refused(() -> items(sr(4, "1.2.1", String.format(prices, "<sr:TOUPrice index=\"49\">5</sr:TOUPrice>"))), "index");
        refused(() -> items(sr(4, "1.2.1", String.format(prices, "<sr:TOUPrice index=\"1\">40000</sr:TOUPrice>"))), "TOUPrice");
    }

    @Test
    void restoreHanDeviceLog_needsTheDspsBackupOfAnotherHub() throws Exception {
        refused(() -> items(sr(1, "8.12.1", "<sr:RestoreHANDeviceLog><sr:OldCHFID>00-DB-12-34-56-78-90-95</sr:OldCHFID>"
                + "</sr:RestoreHANDeviceLog>")), "no backup");
        refused(() -> items(sr(1, "8.12.1", "<sr:RestoreHANDeviceLog><sr:OldCHFID>not-an-eui</sr:OldCHFID>"
                + "</sr:RestoreHANDeviceLog>")), "OldCHFID");
    }
}
