package org.dccsim.srv.bindings;

import static org.dccsim.srv.bindings.Roles.S;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.XmlNode;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;
import org.dccsim.gbcs.usecase.UnitCharge;
import org.dccsim.srv.Srv;
import org.dccsim.srv.SrvCatalogue;

/**
 * The ESME's prepayment account: DUIS 1.5 (the meter balance) and section 2 (debt, emergency credit). Each is an
 * action on the credit (class 112) or charge (class 113) objects GBCS's table lists for its use case; the simulated
 * ESME keeps the balances and reports them in 4.3's prepayment balance collection.
 */
public final class PrepaymentSrvs {
    /** The currency values of DUIS (xs:int) and of GBCS's double-long adjustments. */
    private static final long MIN = Integer.MIN_VALUE;
    private static final long MAX = Integer.MAX_VALUE;
    private static final ObisCode TIME_DEBT_1 = ObisCode.parse("0-0:19.20.1.255");
    private static final ObisCode TIME_DEBT_2 = ObisCode.parse("0-0:19.20.2.255");
    private static final ObisCode PAYMENT_DEBT = ObisCode.parse("0-0:19.20.3.255");

    private PrepaymentSrvs() {
    }

    public static void register(SrvCatalogue.Builder c) {
        // GBCS ECS04a adjusts the meter balance by a signed amount (update_amount on 0-0:19.10.0.255), ECS04b resets
        // it, the emergency credit balance and the accumulated debt register to zero. DUIS names a mode because a
        // GSME holds a balance per payment mode; an ESME holds one, so either mode element adjusts it (a decision).
        c.add(Srv.of("1.5", "Update Meter Balance").body("UpdateMeterBalance").useCases("ECS04a", "ECS04b").roles(S)
                .choice((srv, sr, role, directory) -> adjustOrReset(sr.body()).child("AdjustMeterBalance").isPresent()
                        ? "ECS04a" : "ECS04b")
                .reader(r -> {
                    if (r.useCase().equals("ECS04b")) {
                        return Dlms.of(Dlms.items("ECS04b", i -> Optional.of(new Data.DoubleLong(0))));
                    }
                    int amount = (int) Fields.number(adjustOrReset(r.body()), "AdjustMeterBalance", MIN, MAX);
                    return Dlms.of(Dlms.items("ECS04a", i -> Optional.of(new Data.DoubleLong(amount))));
                }));
        // GBCS ECS07: the two time-based debts' recovery rates (unit_charge_passive, made active by
        // activate_passive_unit_charge) and periods, the payment-based debt's share of each payment (proportion), and
        // signed adjustments of the three debts (update_total_amount_remaining), in the table's order.
        c.add(Srv.of("2.3", "Update Debt").body("UpdateDebt").useCases("ECS07").roles(S).reader(r -> {
            XmlNode body = r.body();
            XmlNode rate1 = electricityRecovery(body, "ElecDebtRecovery1");
            XmlNode rate2 = electricityRecovery(body, "ElecDebtRecovery2");
            Data charge1 = unitCharge(rate1);
            Data charge2 = unitCharge(rate2);
            Data period1 = recoveryPeriod(rate1);
            Data period2 = recoveryPeriod(rate2);
            Data proportion = new Data.LongUnsigned((int) Fields.number(body, "DebtRecoveryPerPayment", 0, 10_000));
            Data debt1 = new Data.DoubleLong((int) Fields.number(body, "TimeDebtRegister1", MIN, MAX));
            Data debt2 = new Data.DoubleLong((int) Fields.number(body, "TimeDebtRegister2", MIN, MAX));
            Data paymentDebt = new Data.DoubleLong((int) Fields.number(body, "PaymentDebtRegister", MIN, MAX));
            return Dlms.of(Dlms.items("ECS07", i -> {
                ObisCode o = i.target().obis();
                int id = i.target().id();
                if (i.method()) {
                    // method 2: activate_passive_unit_charge (integer 0); method 4: update_total_amount_remaining
                    return Optional.of(id == 2 ? new Data.Integer8(0)
                            : o.equals(PAYMENT_DEBT) ? paymentDebt : o.equals(TIME_DEBT_1) ? debt1 : debt2);
                }
                return Optional.of(switch (id) {
                    case 6 -> o.equals(TIME_DEBT_1) ? charge1 : charge2;
                    case 8 -> o.equals(TIME_DEBT_1) ? period1 : period2;
                    default -> proportion; // attribute 13 of the payment-based debt
                });
            }));
        }));
        // GBCS ECS08a: the prepayment thresholds and limits (class 9000 passive values, attribute 4, each with its
        // activation time, attribute 6) and the non-disablement calendar (special days 0-1:11.0.2.255, schedule
        // 0-1:12.0.1.255). ECS08, the earlier GBCS's form that sets the maximum meter balance's value directly, is
        // not in the GBCS use-case table dccsim is built from, so 2.1 always goes out as ECS08a (docs/headend.md).
        c.add(Srv.of("2.1", "Update Prepay Configuration").body("UpdatePrepayConfiguration").useCases("ECS08a").roles(S)
                .futureDating(Srv.FutureDating.DEVICE).reader(r -> Dlms.of(prepayConfiguration(r.body()))));
        // GBCS ECS02 (credit mode) and ECS03 (prepayment mode): the passive account (0-1:19.0.0.255) takes the mode
        // (account_mode_and_status), the credit-charge configuration and its activation time; ECS03 sets the
        // disablement threshold (0-0:94.44.128.22, passive value and its own activation time) first. Device future
        // dated: ExecutionDateTime becomes both activation times, 3000+ cancels (NEVER).
        c.add(Srv.of("1.6", "Update Payment Mode").body("UpdatePaymentMode").useCases("ECS02", "ECS03").roles(S)
                .futureDating(Srv.FutureDating.DEVICE)
                .choice((srv, sr, role, directory) -> paymentModeIsPrepayment(sr.body()) ? "ECS03" : "ECS02")
                .reader(r -> {
                    XmlNode body = r.body();
                    boolean twin = r.directory().twinElement(r.serviceRequest().requestId().target());
                    Data activation = Data.octets(Fields.activation(body).toBytes());
                    if (!paymentModeIsPrepayment(body)) {
                        Data mode = accountMode(CREDIT_MODE);
                        Data charges = creditChargeConfiguration(false, false, false, twin);
                        return Dlms.of(Dlms.items("ECS02", i -> Optional.of(switch (i.target().id()) {
                            case 2 -> mode;
                            case 11 -> charges;
                            default -> activation;
                        })));
                    }
                    XmlNode p = Fields.required(body, "Prepayment");
                    Data mode = accountMode(PREPAYMENT_MODE);
                    Data charges = creditChargeConfiguration(true, Fields.bool(p, "SuspendDebtDisabled"),
                            Fields.bool(p, "SuspendDebtEmergency"), twin);
                    Data threshold = new Data.DoubleLong((int) Fields.number(p, "DisablementThreshold", MIN, MAX));
                    return Dlms.of(Dlms.items("ECS03", i -> Optional.of(i.target().classId() == 9000
                            ? (i.target().id() == 4 ? threshold : activation)
                            : switch (i.target().id()) {
                                case 2 -> mode;
                                case 11 -> charges;
                                default -> activation;
                            })));
                }));
        // GBCS ECS09: invoke_credit on the emergency credit (0-0:19.10.1.255) with GBCS's constant 0.
        c.add(Srv.of("2.5", "Activate Emergency Credit").body("ActivateEmergencyCredit").useCases("ECS09").roles(S)
                .reader(r -> Dlms.of(Dlms.items("ECS09", i -> Optional.of(new Data.Integer8(0))))));
    }

    /** account_mode_and_status's payment mode (IC 111): credit 1, prepayment 2; the account status is 1, new. */
    static final int CREDIT_MODE = 1;
    static final int PREPAYMENT_MODE = 2;
    private static final int ACCOUNT_STATUS_NEW = 1;
    /** A credit-charge row's collection_configuration: all three collection bits, or the third cleared. */
    private static final Data.BitString COLLECT_ALWAYS = new Data.BitString(3, new byte[] {(byte) 0xE0});
    private static final Data.BitString NOT_WHEN_DISABLED = new Data.BitString(3, new byte[] {(byte) 0xC0});

    /** The XSD's choice of Credit or Prepayment; neither is E12. */
    private static boolean paymentModeIsPrepayment(XmlNode body) throws DuisException {
        boolean prepayment = body.child("Prepayment").isPresent();
        if (prepayment == body.child("Credit").isPresent()) {
            throw new DuisException(DuisCodes.E12, "UpdatePaymentMode takes one of Credit or Prepayment");
        }
        return prepayment;
    }

    private static Data accountMode(int mode) {
        return Data.structure(new Data.Enumerated(mode), new Data.Enumerated(ACCOUNT_STATUS_NEW));
    }

    /**
     * The account's credit_charge_configuration: which credit (meter balance 0-0:19.10.0, emergency credit 19.10.1,
     * accumulated debt 19.10.2) pays which charge (primary consumption 0-0:19.20.0, standing charge 19.20.4, time-based
     * debts 19.20.1/2, payment-based debt 19.20.3, secondary consumption 19.20.5), and when. GBCS section 18.2.1
     * defines five values, one for credit mode and one for each pair of SuspendDebtDisabled and SuspendDebtEmergency;
     * ../shared does not hold that section, so this is reconstructed from DCC's ECS02 and ECS03 messages (RTDS 4.5.0),
     * which hold credit mode and three of the four pairs:
     * <ul><li>SuspendDebtDisabled clears the third collection bit of the time-based debts paid from the meter balance
     * and emergency credit (E0 becomes C0);</li>
     * <li>SuspendDebtEmergency adds the rows by which the standing charge and the time-based debts accrue to the
     * accumulated debt instead;</li>
     * <li>a twin-element ESME's secondary consumption charge is paid from the meter balance (and, prepaying, from
     * emergency credit), last.</li></ul>
     * The pair DCC's messages lack (neither suspension) follows from the two rules: a decision, in docs/headend.md.
     */
    static Data creditChargeConfiguration(boolean prepayment, boolean suspendDebtDisabled, boolean suspendDebtEmergency,
            boolean twin) {
        List<Data> rows = new ArrayList<>();
        Data.BitString debt = suspendDebtDisabled ? NOT_WHEN_DISABLED : COLLECT_ALWAYS;
        rows.add(chargeRow(0, 0, COLLECT_ALWAYS));
        rows.add(chargeRow(0, 4, COLLECT_ALWAYS));
        if (prepayment) {
            rows.add(chargeRow(0, 1, debt));
            rows.add(chargeRow(0, 2, debt));
            rows.add(chargeRow(0, 3, COLLECT_ALWAYS));
            rows.add(chargeRow(1, 3, COLLECT_ALWAYS));
            rows.add(chargeRow(1, 0, COLLECT_ALWAYS));
            rows.add(chargeRow(1, 4, COLLECT_ALWAYS));
            rows.add(chargeRow(1, 1, debt));
            rows.add(chargeRow(1, 2, debt));
            if (suspendDebtEmergency) {
                rows.add(chargeRow(2, 4, COLLECT_ALWAYS));
                rows.add(chargeRow(2, 1, COLLECT_ALWAYS));
                rows.add(chargeRow(2, 2, COLLECT_ALWAYS));
            }
        }
        if (twin) {
            rows.add(chargeRow(0, 5, COLLECT_ALWAYS));
            if (prepayment) {
                rows.add(chargeRow(1, 5, COLLECT_ALWAYS));
            }
        }
        return Data.array(rows.toArray(new Data[0]));
    }

    /** One row: the credit 0-0:19.10.{credit}.255, the charge 0-0:19.20.{charge}.255, the collection bits. */
    private static Data chargeRow(int credit, int charge, Data.BitString collection) {
        return Data.structure(Data.octets(ObisCode.parse("0-0:19.10." + credit + ".255").toBytes()),
                Data.octets(ObisCode.parse("0-0:19.20." + charge + ".255").toBytes()), collection);
    }

    /**
     * The debt recovery rate cap's period (0-0:94.44.128.13), which DUIS does not carry: a week, in seconds, as every
     * RTDS ECS08a command sets it (a decision where GBCS leaves the value to the DCC).
     */
    static final int DEBT_RECOVERY_CAP_PERIOD_SECONDS = 7 * 24 * 3600;
    /** The non-disablement calendar's script table and its two scripts (RTDS-verified: START 32, STOP 33). */
    private static final ObisCode NON_DISABLEMENT_SCRIPTS = ObisCode.parse("0-0:10.0.106.255");
    private static final int START = 32;
    private static final int STOP = 33;

    private static org.dccsim.gbcs.usecase.UseCaseCommand prepayConfiguration(XmlNode body) throws DuisException {
        XmlNode elec = body.child("UpdatePrepayConfigElectricity").orElseThrow(() -> new DuisException(DuisCodes.E12,
                body.child("UpdatePrepayConfigGas").isPresent() ? "an ESME takes UpdatePrepayConfigElectricity, not Gas"
                        : "UpdatePrepayConfiguration has no UpdatePrepayConfigElectricity"));
        Map<String, Data> values = new HashMap<>();
        values.put("0-0:94.44.128.12", new Data.LongUnsigned((int) Fields.number(elec, "DebtRecoveryRateCap", 0, 0xFFFF)));
        values.put("0-0:94.44.128.13", new Data.DoubleLong(DEBT_RECOVERY_CAP_PERIOD_SECONDS));
        values.put("0-0:94.44.128.2", new Data.DoubleLong((int) Fields.number(elec, "EmergencyCreditLimit", MIN, MAX)));
        values.put("0-0:94.44.128.3", new Data.DoubleLong((int) Fields.number(elec, "EmergencyCreditThreshold", MIN, MAX)));
        values.put("0-0:94.44.128.9", new Data.DoubleLong((int) Fields.number(elec, "LowCreditThreshold", MIN, MAX)));
        values.put("0-0:94.44.2.20", new Data.DoubleLong((int) Fields.number(elec, "MaxMeterBalance", MIN, MAX)));
        values.put("0-0:94.44.2.10", new Data.DoubleLong((int) Fields.number(elec, "MaxCreditThreshold", MIN, MAX)));
        XmlNode calendar = Fields.required(elec, "ElectricityNonDisablementCalendar");
        List<Integer> ids = new ArrayList<>();
        List<Data> specialDays = new ArrayList<>();
        for (XmlNode d : Fields.required(calendar, "ElectricitySpecialDays").all("SpecialDay")) {
            int id = Fields.attribute(d, "index", 1, 20);
            if (ids.contains(id)) {
                throw new DuisException(DuisCodes.E12, "SpecialDay index " + id + " is defined twice");
            }
            ids.add(id);
            specialDays.add(Data.structure(new Data.LongUnsigned(id), Data.octets(Calendars.date(Fields.required(d, "Date"))),
                    new Data.Unsigned8(id)));
        }
        List<XmlNode> schedules = calendar.all("ElectricityNonDisablementSchedule");
        if (schedules.isEmpty() || schedules.size() > 22) {
            throw new DuisException(DuisCodes.E12, "2.1 carries 1 to 22 ElectricityNonDisablementSchedule");
        }
        List<Data> entries = new ArrayList<>();
        for (int k = 0; k < schedules.size(); k++) {
            entries.add(nonDisablementEntry(k + 1, schedules.get(k), ids));
        }
        values.put("0-1:11.0.2.255", Data.array(specialDays.toArray(new Data[0])));
        values.put("0-1:12.0.1.255", Data.array(entries.toArray(new Data[0])));
        Data activation = Data.octets(Fields.activation(body).toBytes());
        return Dlms.items("ECS08a", i -> Optional.of(i.target().id() == 6 ? activation
                : values.get(i.target().obis().toString())));
    }

    /**
     * One entry of the non-disablement schedule: index, enabled, the script and START or STOP, switch time, no
     * validity window, weekdays (Monday first), the special days it applies on (a bit per defined day, in the order
     * they were defined), start and end dates (RTDS-verified, all sixteen entries of ECS08a's command).
     */
    private static Data nonDisablementEntry(int index, XmlNode schedule, List<Integer> ids) throws DuisException {
        String script = schedule.text("NonDisablementScript");
        int selector = "START".equals(script) ? START : "STOP".equals(script) ? STOP : -1;
        if (selector < 0) {
            throw new DuisException(DuisCodes.E12, "NonDisablementScript must be START or STOP");
        }
        byte[] special = new byte[(ids.size() + 7) / 8];
        for (XmlNode a : Fields.required(schedule, "SpecialDaysApplicability").all("SpecialDayApplicability")) {
            int pos = ids.indexOf((int) Fields.number(a, "SpecialDayID", 1, 20));
            if (pos < 0) {
                throw new DuisException(DuisCodes.E12, "SpecialDayApplicability names an undefined special day");
            }
            special[pos / 8] |= (byte) (0x80 >>> (pos % 8));
        }
        XmlNode when = Fields.required(schedule, "ScheduleDatesAndTime");
        return Data.structure(new Data.LongUnsigned(index), new Data.Bool(true), Data.octets(NON_DISABLEMENT_SCRIPTS.toBytes()),
                new Data.LongUnsigned(selector), Data.octets(Calendars.time(when.text("SwitchTime"), "SwitchTime")),
                new Data.LongUnsigned(0xFFFF),
                new Data.BitString(7, new byte[] {Calendars.weekdays(Fields.required(schedule, "DaysOfWeekApplicability"))}),
                new Data.BitString(ids.size(), special), Data.octets(Calendars.xsDate(when.text("StartDate"), "StartDate")),
                Data.octets(Calendars.xsDate(when.text("EndDate"), "EndDate")));
    }

    /** UpdateMeterBalance's one mode element, holding AdjustMeterBalance or ResetMeterBalance. */
    private static XmlNode adjustOrReset(XmlNode body) throws DuisException {
        XmlNode mode = body.child("PrepaymentMode").or(() -> body.child("CreditMode")).orElseThrow(() -> new DuisException(
                DuisCodes.E12, "UpdateMeterBalance has neither PrepaymentMode nor CreditMode"));
        if (mode.child("AdjustMeterBalance").isEmpty() && mode.child("ResetMeterBalance").isEmpty()) {
            throw new DuisException(DuisCodes.E12, mode.name() + " has neither AdjustMeterBalance nor ResetMeterBalance");
        }
        return mode;
    }

    private static XmlNode electricityRecovery(XmlNode body, String name) throws DuisException {
        if (body.child(name).isEmpty() && body.child("Gas" + name.substring(4)).isPresent()) {
            throw new DuisException(DuisCodes.E12, "an ESME's debt is recovered by ElecDebtRecovery1 and 2, not GasDebtRecovery");
        }
        return Fields.required(body, name);
    }

    /** A recovery rate as GBCS's unit_charge (ECS07): commodity scale 0, no commodity reference, one entry. */
    private static Data unitCharge(XmlNode rate) throws DuisException {
        int scale = (int) Fields.number(rate, "DebtRecoveryRatePriceScale", -128, 127);
        int perUnit = (int) Fields.number(rate, "DebtRecoveryRate", Short.MIN_VALUE, Short.MAX_VALUE);
        return UnitCharge.of(0, scale, null, java.util.List.of(UnitCharge.entry(new byte[0], perUnit)));
    }

    /** DebtRecoveryRatePeriod in seconds: HOURLY 3600, DAILY 86400. */
    private static Data recoveryPeriod(XmlNode rate) throws DuisException {
        String p = rate.text("DebtRecoveryRatePeriod");
        long seconds = "HOURLY".equals(p == null ? null : p.trim()) ? 3600 : "DAILY".equals(p == null ? null : p.trim()) ? 86400 : -1;
        if (seconds < 0) {
            throw new DuisException(DuisCodes.E12, "DebtRecoveryRatePeriod must be HOURLY or DAILY");
        }
        return new Data.DoubleLongUnsigned(seconds);
    }
}
