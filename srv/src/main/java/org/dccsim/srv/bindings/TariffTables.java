package org.dccsim.srv.bindings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.XmlNode;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;

/**
 * A DUIS switching table, special days and block thresholds (1.1.1, 1.1.2) as the ESME's passive activity calendar
 * (class 20, attributes 7-9), passive special days (class 11) and register monitor thresholds (class 21), encoded as
 * DCC's ECS01a and ECS01c commands have them:
 * <ul>
 * <li>season: {octet-string name (ASCII), octet-string(12) start (the date, 00:00:00.00, deviation and status not
 * specified), octet-string(1) week name};</li>
 * <li>week: {octet-string(1) name, seven day ids, Monday first};</li>
 * <li>day: {day id, actions {octet-string(4) start time, the tariff script table 0-0:10.0.100.255, script selector}},
 * the selector the action's rate: TOU rate n is n on the primary element and 200 + n on the secondary, block rate n
 * is 100 + n;</li>
 * <li>special day: {index, numbered 1 up in body order, octet-string(5) date, day id};</li>
 * <li>thresholds: one array per block rate (0-0:16.1.11.255 to 0-0:16.1.18.255), its thresholds in index order.</li>
 * </ul>
 */
final class TariffTables {
    /** GBCS's tariff script table, whose selectors the day profiles name. */
    static final ObisCode TARIFF_SCRIPTS = ObisCode.parse("0-0:10.0.100.255");
    static final int BLOCK_SELECTOR_BASE = 100;
    static final int SECONDARY_SELECTOR_BASE = 200;
    static final int BLOCK_RATES = 8;

    private TariffTables() {
    }

    static Data seasons(XmlNode switchingTable) throws DuisException {
        List<Data> out = new ArrayList<>();
        for (XmlNode s : Fields.required(switchingTable, "Seasons").all("Season")) {
            String name = Fields.required(s, "SeasonName").text().trim();
            if (name.isEmpty() || name.length() > 8) {
                throw new DuisException(DuisCodes.E12, "SeasonName '" + name + "' must be 1 to 8 characters");
            }
            byte[] date = Calendars.date(Fields.required(s, "SeasonStartDate"));
            byte[] start = {date[0], date[1], date[2], date[3], date[4], 0, 0, 0, 0, (byte) 0x80, 0, (byte) 0xFF};
            out.add(Data.structure(Data.octets(name.getBytes(StandardCharsets.US_ASCII)), Data.octets(start),
                    Data.octets(new byte[] {(byte) Fields.number(s, "ReferencedWeekName", 1, 4)})));
        }
        if (out.isEmpty() || out.size() > 4) {
            throw new DuisException(DuisCodes.E12, "Seasons holds 1 to 4 Season");
        }
        return new Data.Array(out);
    }

    static Data weeks(XmlNode switchingTable) throws DuisException {
        List<Data> out = new ArrayList<>();
        for (XmlNode w : Fields.required(switchingTable, "WeekProfiles").all("WeekProfile")) {
            Data[] days = new Data[8];
            days[0] = Data.octets(new byte[] {(byte) Fields.number(w, "WeekName", 1, 4)});
            for (XmlNode d : w.all("ReferencedDayName")) {
                int i = Fields.attribute(d, "index", 1, 7);
                if (days[i] != null) {
                    throw new DuisException(DuisCodes.E12, "ReferencedDayName index " + i + " is given twice");
                }
                days[i] = new Data.Unsigned8((int) Fields.number(d.text(), "ReferencedDayName", 1, 16));
            }
            for (int i = 1; i < days.length; i++) {
                if (days[i] == null) {
                    throw new DuisException(DuisCodes.E12, "a WeekProfile names a day for each of its seven days");
                }
            }
            out.add(Data.structure(days));
        }
        if (out.isEmpty() || out.size() > 4) {
            throw new DuisException(DuisCodes.E12, "WeekProfiles holds 1 to 4 WeekProfile");
        }
        return new Data.Array(out);
    }

    /**
     * The day profiles; {@code secondary} for the secondary element, whose TOU actions are rates 1-4 and which has no
     * block tariff.
     */
    static Data days(XmlNode switchingTable, boolean secondary) throws DuisException {
        List<Data> out = new ArrayList<>();
        byte[] scripts = TARIFF_SCRIPTS.toBytes();
        for (XmlNode d : Fields.required(switchingTable, "DayProfiles").all("DayProfile")) {
            List<Data> actions = new ArrayList<>();
            for (XmlNode p : d.all("ProfileSchedule")) {
                byte[] start = Calendars.time(Fields.required(p, "StartTime").text(), "StartTime");
                int selector;
                if (p.child("TOUTariffAction").isPresent()) {
                    int rate = (int) Fields.number(p, "TOUTariffAction", 1, secondary ? 4 : 48);
                    selector = secondary ? SECONDARY_SELECTOR_BASE + rate : rate;
                } else if (!secondary && p.child("BlockTariffAction").isPresent()) {
                    selector = BLOCK_SELECTOR_BASE + (int) Fields.number(p, "BlockTariffAction", 1, BLOCK_RATES);
                } else {
                    throw new DuisException(DuisCodes.E12, "a ProfileSchedule names its TOUTariffAction"
                            + (secondary ? "" : " or BlockTariffAction"));
                }
                actions.add(Data.structure(Data.octets(start), Data.octets(scripts), new Data.LongUnsigned(selector)));
            }
            if (actions.isEmpty() || actions.size() > 48) {
                throw new DuisException(DuisCodes.E12, "a DayProfile holds 1 to 48 ProfileSchedule");
            }
            out.add(Data.structure(new Data.Unsigned8((int) Fields.number(d, "DayName", 1, 16)), new Data.Array(actions)));
        }
        if (out.isEmpty() || out.size() > 16) {
            throw new DuisException(DuisCodes.E12, "DayProfiles holds 1 to 16 DayProfile");
        }
        return new Data.Array(out);
    }

    static Data specialDays(XmlNode specialDays) throws DuisException {
        List<Data> out = new ArrayList<>();
        for (XmlNode s : specialDays.all("SpecialDay")) {
            out.add(Data.structure(new Data.LongUnsigned(out.size() + 1), Data.octets(Calendars.date(Fields.required(s, "Date"))),
                    new Data.Unsigned8((int) Fields.number(s, "ReferencedDayName", 1, 16))));
        }
        if (out.size() > 50) {
            throw new DuisException(DuisCodes.E12, "SpecialDays holds at most 50 SpecialDay");
        }
        return new Data.Array(out);
    }

    /** The eight block rates' thresholds, each an array of one to three in index order. */
    static List<Data> thresholds(XmlNode matrix) throws DuisException {
        Data[] rates = new Data[BLOCK_RATES];
        for (XmlNode t : matrix.all("Thresholds")) {
            int r = Fields.attribute(t, "index", 1, BLOCK_RATES) - 1;
            if (rates[r] != null) {
                throw new DuisException(DuisCodes.E12, "Thresholds index " + (r + 1) + " is given twice");
            }
            Data[] values = new Data[3];
            int count = 0;
            for (XmlNode b : t.all("BlockThreshold")) {
                int i = Fields.attribute(b, "index", 1, 3) - 1;
                if (values[i] != null) {
                    throw new DuisException(DuisCodes.E12, "BlockThreshold index " + (i + 1) + " is given twice");
                }
                values[i] = new Data.DoubleLongUnsigned(Fields.number(b.text(), "BlockThreshold", 0, 0xFFFF_FFFFL));
                count++;
            }
            if (count == 0) {
                throw new DuisException(DuisCodes.E12, "Thresholds index " + (r + 1) + " has no BlockThreshold");
            }
            List<Data> ordered = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (values[i] == null) {
                    throw new DuisException(DuisCodes.E12, "Thresholds index " + (r + 1) + " skips BlockThreshold " + (i + 1));
                }
                ordered.add(values[i]);
            }
            rates[r] = new Data.Array(ordered);
        }
        for (int r = 0; r < BLOCK_RATES; r++) {
            if (rates[r] == null) {
                throw new DuisException(DuisCodes.E12, "ThresholdMatrix has Thresholds for each of the 8 block rates");
            }
        }
        return List.of(rates);
    }
}
