package org.dccsim.duis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.dccsim.gbcs.Eui64;

/**
 * Typed writers for the DUIS request bodies dccsim's own clients send (element names and order from the DUIS 5.4
 * XSD), so the CLI, the drills, the demo and the benchmarks write each body once, here, and never by concatenation.
 */
public final class Bodies {
    private Bodies() {
    }

    /** A body that is one empty element (reads such as 4.1.1, 7.4, 11.2; supply control 7.1-7.3). */
    public static XmlNode empty(String element) {
        return XmlNode.element(element);
    }

    /** {@code ReadLogPeriod{StartDateTime, EndDateTime}}: the capture times of the first and last entries wanted. */
    public static XmlNode readLogPeriod(Instant from, Instant to) {
        return XmlNode.element("ReadLogPeriod", XmlNode.leaf("StartDateTime", from.toString()),
                XmlNode.leaf("EndDateTime", to.toString()));
    }

    /**
     * A log read (4.8.1 ReadActiveImportProfileData, 4.8.3 ReadExportProfileData, 4.17 RetrieveDailyConsumptionLog...),
     * with the requester's key-agreement certificate (DER) for an Unknown Remote Party read, or null.
     */
    public static XmlNode readLog(String element, Instant from, Instant to, byte[] kaCertificate) {
        List<XmlNode> c = new ArrayList<>(List.of(readLogPeriod(from, to)));
        if (kaCertificate != null) {
            c.add(XmlNode.leaf("KAPublicSecurityCredentials", Base64.getEncoder().encodeToString(kaCertificate)));
        }
        return XmlNode.element(element, c);
    }

    /** 7.16 LimitAPCLevel and 7.13 SetAuxiliaryControllerState: a controller, a period and a level. */
    public static XmlNode controllerPeriod(String element, int controller, Instant from, Instant to, int level) {
        return XmlNode.element(element, XmlNode.leaf("StartDateTime", from.toString()), XmlNode.leaf("EndDateTime",
                to.toString()), XmlNode.leaf("CommandedStateLevel", Integer.toString(level)))
                .withAttribute("auxiliaryControllerN", Integer.toString(controller));
    }

    /** 7.16 Limit APC Level. */
    public static XmlNode limitApcLevel(int controller, Instant from, Instant to, int level) {
        return controllerPeriod("LimitAPCLevel", controller, from, to, level);
    }

    /** 7.13 Set Auxiliary Controller State. */
    public static XmlNode setAuxiliaryControllerState(int controller, Instant from, Instant to, int level) {
        return controllerPeriod("SetAuxiliaryControllerState", controller, from, to, level);
    }

    /**
     * 6.15.1 Update Security Credentials (KRP) for a remote party role ({@code LoadController}, say): its new digital
     * signing and key agreement certificates (DER) and the certification path.
     */
    public static XmlNode updateSecurityCredentials(String remotePartyRole, byte[] dsCertificate, byte[] kaCertificate,
            List<byte[]> certificationPath) {
        return XmlNode.element("UpdateSecurityCredentialsKRP", XmlNode.leaf("RemotePartyRole", remotePartyRole),
                XmlNode.leaf("RemotePartyFloorSeqNumber", "0"), XmlNode.element("ReplacementCertificates",
                        XmlNode.element("SupplierOrNetworkOperatorCertificates", replacements(dsCertificate, kaCertificate))),
                path(certificationPath), XmlNode.leaf("ApplyTimeBasedCPVChecks", "true"));
    }

    /**
     * 6.21 Request Handover Of DCC Controlled Device: the DCC's ACB hands the device's {@code Supplier} or
     * {@code NetworkOperator} cell to the party whose certificates these are (DER; the signing one mandatory, the key
     * agreement one null where it does not change), under the certification path given.
     */
    public static XmlNode requestHandover(String remotePartyRole, byte[] dsCertificate, byte[] kaCertificate,
            List<byte[]> certificationPath) {
        return XmlNode.element("RequestHandoverOfDCCControlledDevice", XmlNode.leaf("RemotePartyRole", remotePartyRole),
                XmlNode.leaf("RemotePartyFloorSeqNumber", "0"), XmlNode.element("ReplacementCertificates",
                        replacements(dsCertificate, kaCertificate)), path(certificationPath),
                XmlNode.leaf("ApplyTimeBasedCPVChecks", "true"));
    }

    /**
     * 8.5 Service Opt Out: at {@code at} (mandatory; the DCC holds the request until then) the DCC's ACB hands its cell
     * on the device to the party whose certificates these are (key agreement mandatory, signing optional: DER), under
     * the certification path given.
     */
    public static XmlNode serviceOptOut(Instant at, byte[] kaCertificate, byte[] dsCertificate, List<byte[]> certificationPath) {
        return XmlNode.element("ServiceOptOut", XmlNode.leaf("ExecutionDateTime", at.toString()),
                XmlNode.leaf("ACBFloorSeqNumber", "0"), XmlNode.element("ReplacementCertificates",
                        replacements(dsCertificate, java.util.Objects.requireNonNull(kaCertificate))), path(certificationPath),
                XmlNode.leaf("ApplyTimeBasedCPVChecks", "true"));
    }

    /** DUIS's replacement certificates, signing then key agreement, base64 DER; null ones left out. */
    private static List<XmlNode> replacements(byte[] dsCertificate, byte[] kaCertificate) {
        Base64.Encoder b64 = Base64.getEncoder();
        List<XmlNode> certs = new ArrayList<>();
        if (dsCertificate != null) {
            certs.add(XmlNode.leaf("DigitalSigningCertificate", b64.encodeToString(dsCertificate)));
        }
        if (kaCertificate != null) {
            certs.add(XmlNode.leaf("KeyAgreementCertificate", b64.encodeToString(kaCertificate)));
        }
        return certs;
    }

    private static XmlNode path(List<byte[]> certificationPath) {
        Base64.Encoder b64 = Base64.getEncoder();
        return XmlNode.element("CertificationPathCertificates",
                certificationPath.stream().map(c -> XmlNode.leaf("Certificate", b64.encodeToString(c))).toList());
    }

    /** 8.6 Service Opt In (serviceD): a device 8.5 opted out, its DUIS type, its import MPxN and the opt-in date. */
    public static XmlNode serviceOptIn(Eui64 device, String deviceType, String importMpxn, java.time.LocalDate optInDate) {
        return XmlNode.element("ServiceOptIn", XmlNode.leaf("DeviceID", device.dashed()), XmlNode.leaf("DeviceType", deviceType),
                XmlNode.element("MPxNs", XmlNode.leaf("ImportMPxN", importMpxn)), XmlNode.leaf("OptInDate", optInDate.toString()));
    }

    /** DUIS CredentialType: which of a device's own keys 6.17 and 6.24.2 are about. */
    public static final String DIGITAL_SIGNATURE = "Digital Signature";
    public static final String KEY_AGREEMENT = "Key Agreement";

    /** 6.17 Issue Security Credentials: the device makes a new key pair of this type and answers with its request. */
    public static XmlNode issueSecurityCredentials(String credentialType) {
        return XmlNode.element("IssueSecurityCredentials", XmlNode.leaf("CredentialType", credentialType));
    }

    /** 6.15.2 Update Security Credentials (Device): the device certificate (DER) to place on the device. */
    public static XmlNode updateDeviceCertificate(byte[] certificate) {
        return XmlNode.element("UpdateSecurityCredentialsDevice",
                XmlNode.leaf("DeviceCertificate", Base64.getEncoder().encodeToString(certificate)));
    }

    /** 6.24.2 Retrieve Device Security Credentials (Device): the device's certificate of this type. */
    public static XmlNode retrieveDeviceCertificate(String credentialType) {
        return XmlNode.element("RetrieveDeviceSecurityCredentialsDevice", XmlNode.leaf("CredentialType", credentialType));
    }

    /** 6.24.1 Retrieve Device Security Credentials (KRP) for the given remote party roles. */
    public static XmlNode retrieveSecurityCredentials(List<String> remotePartyRoles) {
        return XmlNode.element("RetrieveDeviceSecurityCredentialsKRP",
                remotePartyRoles.stream().map(r -> XmlNode.leaf("RemotePartyRole", r)).toList());
    }

    /** 6.4.1 Load Limiting General Settings; {@code at} future-dates it (the device applies it then), or null. */
    public static XmlNode loadLimitSettings(Instant at, long periodSeconds, long thresholdW, long restorationSeconds,
            boolean disableSupply) {
        XmlNode n = XmlNode.element("UpdateDeviceConfigurationLoadLimitingGeneralSettings",
                XmlNode.leaf("LoadLimitPeriod", Long.toString(periodSeconds)),
                XmlNode.leaf("LoadLimitPowerThreshold", Long.toString(thresholdW)),
                XmlNode.leaf("LoadLimitRestorationPeriod", Long.toString(restorationSeconds)),
                XmlNode.leaf("LoadLimitSupplyState", disableSupply ? "Disable" : "Unchanged"));
        return at == null ? n : n.withFirst(XmlNode.leaf("ExecutionDateTime", at.toString()));
    }

    /** 7.5 Activate (on) or 7.6 Deactivate Auxiliary Load: one switch for a number of minutes. */
    public static XmlNode auxiliaryLoad(boolean on, int index, int minutes) {
        return XmlNode.element(on ? "ActivateAuxiliaryLoad" : "DeactivateAuxiliaryLoad",
                XmlNode.element(on ? "ActivateALCSHCALCS" : "DeactivateALCSHCALCS",
                        XmlNode.leaf("Duration", Integer.toString(minutes))).withAttribute("index", Integer.toString(index)));
    }

    /**
     * DUIS 8.11 Add: registers {@code device} on the hub's device log with its install code (hex), opening the HAN for
     * {@code joinSeconds} (1 to 3600); {@code importMpxn} is optional.
     */
    public static XmlNode addToHanDeviceLog(Eui64 device, String installCodeHex, int joinSeconds, String importMpxn) {
        List<XmlNode> add = new ArrayList<>(List.of(XmlNode.leaf("JoinTimePeriod", Integer.toString(joinSeconds)),
                XmlNode.leaf("InstallCode", installCodeHex)));
        if (importMpxn != null) {
            add.add(XmlNode.leaf("ImportMPxN", importMpxn));
        }
        return XmlNode.element("UpdateHANDeviceLog", XmlNode.leaf("DeviceID", device.dashed()), XmlNode.leaf("RequestType", "Add"),
                XmlNode.element("AddDeviceToCHFWhitelist", add));
    }

    /** DUIS 8.11 Remove: takes {@code device} off the hub's device log. */
    public static XmlNode removeFromHanDeviceLog(Eui64 device) {
        return XmlNode.element("UpdateHANDeviceLog", XmlNode.leaf("DeviceID", device.dashed()),
                XmlNode.leaf("RequestType", "Remove"));
    }

    /** DUIS 8.9 to a hub: its device log, or with {@code securityDetails} the backups with link keys (CCS07). */
    public static XmlNode readDeviceLog(boolean securityDetails) {
        return securityDetails ? XmlNode.element("ReadDeviceLog", XmlNode.element("ReadSecurityDetails"))
                : XmlNode.element("ReadDeviceLog");
    }

    /** DUIS 8.12.1: restore, on the hub the request goes to, the device log of the hub it replaces. */
    public static XmlNode restoreHanDeviceLog(Eui64 oldHub) {
        return XmlNode.element("RestoreHANDeviceLog", XmlNode.leaf("OldCHFID", oldHub.dashed()));
    }

    /** DUIS 8.7.x and 8.8.x ({@code JoinServiceCritical}, ..., {@code UnjoinServiceNonCritical}): the other device. */
    public static XmlNode joinOrUnjoin(String element, Eui64 other) {
        return XmlNode.element(element, XmlNode.leaf("OtherDeviceID", other.dashed()));
    }

    /** DUIS 12.2 {@code DevicePrenotification}: the device, its manufacturer and model, and its DUIS device type. */
    public static XmlNode devicePrenotification(Eui64 device, String manufacturer, String model, String deviceType) {
        return XmlNode.element("DevicePrenotification", XmlNode.leaf("DeviceID", device.dashed()),
                XmlNode.leaf("DeviceManufacturer", manufacturer), XmlNode.leaf("DeviceModel", model),
                XmlNode.leaf("DeviceType", deviceType));
    }

    /** DUIS 8.4 {@code UpdateInventory} with {@code UpdateDeviceStatusExceptCH}: a device's new status. */
    public static XmlNode updateDeviceStatus(Eui64 device, String status) {
        return XmlNode.element("UpdateInventory", XmlNode.leaf("DeviceID", device.dashed()),
                XmlNode.leaf("UpdateDeviceStatusExceptCH", status));
    }

    /** DUIS 7.8 {@code ResetAuxiliaryLoad}: auxiliary load switch {@code index} (1-5). */
    public static XmlNode resetAuxiliaryLoad(int index) {
        return XmlNode.element("ResetAuxiliaryLoad", XmlNode.element("ResetALCSHCALCS").withAttribute("index", Integer.toString(index)));
    }

    /**
     * DUIS 6.14.2 {@code UpdateDeviceConfigurationALCScheduler} for one day: auxiliary load control switch {@code alcs}
     * opened at {@code off} and closed at {@code on} (UTC) on {@code date} only, taking effect on receipt.
     */
    public static XmlNode alcsCalendarForOneDay(int alcs, java.time.LocalDate date, java.time.LocalTime off,
            java.time.LocalTime on) {
        return XmlNode.element("UpdateDeviceConfigurationALCScheduler", switchEntry(alcs, false, date, off),
                switchEntry(alcs, true, date, on), XmlNode.element("ALCSHCALCSSpecialDays"),
                XmlNode.element("SwitchTypeAndId", XmlNode.element("ALCS")).withAttribute("index", Integer.toString(alcs)));
    }

    private static XmlNode switchEntry(int alcs, boolean close, java.time.LocalDate date, java.time.LocalTime at) {
        List<XmlNode> days = new ArrayList<>();
        for (java.time.DayOfWeek d : java.time.DayOfWeek.values()) {
            String name = d.getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH);
            days.add(XmlNode.element("DayOfWeekApplicability", XmlNode.leaf("DayOfWeekID", name)));
        }
        return XmlNode.element("ALCSHCALCSConnectionSchedule",
                XmlNode.element("ActivateDeactivateSwitch", XmlNode.element(close ? "ActivateSwitch" : "DeactivateSwitch"))
                        .withAttribute("index", Integer.toString(alcs)),
                XmlNode.element("DaysOfWeekApplicability", days),
                XmlNode.element("ALCSScheduleDatesAndTime",
                        XmlNode.leaf("SwitchTime", String.format("%02d:%02d:%02d.00Z", at.getHour(), at.getMinute(), at.getSecond())),
                        calendarDate("StartDate", date), calendarDate("EndDate", date)));
    }

    /**
     * 1.5 Update Meter Balance: adjust the balance by {@code adjustment} (currency units, signed), or reset it when
     * {@code adjustment} is null. An ESME holds one balance, so the prepayment mode element carries either.
     */
    public static XmlNode updateMeterBalance(Long adjustment) {
        return XmlNode.element("UpdateMeterBalance", XmlNode.element("PrepaymentMode", adjustment == null
                ? XmlNode.element("ResetMeterBalance") : XmlNode.leaf("AdjustMeterBalance", Long.toString(adjustment))));
    }

    /**
     * 1.2.1 Update Price (Primary Element) with a TOU tariff: the standing charge and TOU prices 1..n (each a DUIS
     * PriceType at its scale), from {@code at} (null: now; the year 3000 or later cancels a pending update).
     */
    public static XmlNode updateTouPrices(Instant at, int standingCharge, int standingChargeScale, int priceScale,
            List<Integer> touPrices) {
        List<XmlNode> prices = new ArrayList<>();
        for (int i = 0; i < touPrices.size(); i++) {
            prices.add(XmlNode.leaf("TOUPrice", Integer.toString(touPrices.get(i))).withAttribute("index", Integer.toString(i + 1)));
        }
        List<XmlNode> body = new ArrayList<>();
        if (at != null) {
            body.add(XmlNode.leaf("ExecutionDateTime", at.toString()));
        }
        body.add(XmlNode.element("PriceElements", XmlNode.element("ElectricityPriceElements",
                XmlNode.leaf("StandingCharge", Integer.toString(standingCharge)),
                XmlNode.leaf("StandingChargeScale", Integer.toString(standingChargeScale)),
                XmlNode.leaf("PriceScale", Integer.toString(priceScale)), XmlNode.element("TOUTariff", prices))));
        return XmlNode.element("UpdatePricePrimaryElement", body);
    }

    /** 11.3 Activate Firmware: the image's hash (32 octets, hex), from {@code at} (null: now). */
    public static XmlNode activateFirmware(Instant at, String hashHex) {
        List<XmlNode> fields = new ArrayList<>();
        if (at != null) {
            fields.add(XmlNode.leaf("ExecutionDateTime", at.toString()));
        }
        fields.add(XmlNode.leaf("FirmwareHash", hashHex));
        return XmlNode.element("ActivateFirmware", fields);
    }

    /** One of 2.3's electricity debt recovery rates: an amount per period at a price scale (10^scale). */
    public record DebtRecovery(int rate, int priceScale, boolean hourly) {
        XmlNode element(String name) {
            return XmlNode.element(name, XmlNode.leaf("DebtRecoveryRate", Integer.toString(rate)),
                    XmlNode.leaf("DebtRecoveryRatePriceScale", Integer.toString(priceScale)),
                    XmlNode.leaf("DebtRecoveryRatePeriod", hourly ? "HOURLY" : "DAILY"));
        }
    }

    /**
     * 2.3 Update Debt on an ESME: signed adjustments of the two time-based debts and the payment-based debt, the
     * share of each payment that recovers the latter, and the time-based debts' recovery rates.
     */
    public static XmlNode updateDebt(long timeDebt1, long timeDebt2, long paymentDebt, int recoveryPerPayment,
            DebtRecovery rate1, DebtRecovery rate2) {
        return XmlNode.element("UpdateDebt", XmlNode.leaf("TimeDebtRegister1", Long.toString(timeDebt1)),
                XmlNode.leaf("TimeDebtRegister2", Long.toString(timeDebt2)),
                XmlNode.leaf("PaymentDebtRegister", Long.toString(paymentDebt)),
                XmlNode.leaf("DebtRecoveryPerPayment", Integer.toString(recoveryPerPayment)),
                rate1.element("ElecDebtRecovery1"), rate2.element("ElecDebtRecovery2"));
    }

    private static XmlNode calendarDate(String element, java.time.LocalDate d) {
        return XmlNode.element(element,
                XmlNode.element("Year", XmlNode.leaf("SpecifiedYear", Integer.toString(d.getYear()))),
                XmlNode.element("Month", XmlNode.leaf("SpecifiedMonth", Integer.toString(d.getMonthValue()))),
                XmlNode.element("DayOfMonth", XmlNode.leaf("SpecifiedDayOfMonth", Integer.toString(d.getDayOfMonth()))),
                XmlNode.element("DayOfWeek", XmlNode.element("NonSpecifiedDayOfWeek")));
    }
}
