package org.dccsim.srv.bindings;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.XmlNode;

/**
 * DUIS dates and times as COSEM dates and times (DLMS Blue Book 4.1.6.1): the calendars of 6.8, 6.14.x, 6.18.1 and
 * 2.1 share them.
 */
final class Calendars {
    /** DUIS's DayOfWeekID values, Monday first as the COSEM weekday bits are. */
    static final List<String> WEEKDAYS = List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
            "Sunday");
    private static final Pattern TIME = Pattern.compile("(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,2}))?Z?");
    /** xs:date as DUIS writes it: a year of four or five digits, an optional zone. */
    private static final Pattern XS_DATE = Pattern.compile("(\\d{4,5})-(\\d{2})-(\\d{2})(?:Z|[+-]\\d{2}:\\d{2})?");

    private Calendars() {
    }

    /** A DUIS date (Year, Month, DayOfMonth, DayOfWeek, each specified or not) as a COSEM date: FF for not specified. */
    static byte[] date(XmlNode d) throws DuisException {
        int year = field(d, "Year", "SpecifiedYear", 2000, 2099, 0xFFFF);
        int month = field(d, "Month", "SpecifiedMonth", 1, 12, 0xFF);
        int day = field(d, "DayOfMonth", "SpecifiedDayOfMonth", 1, 31, 0xFF);
        int dow = field(d, "DayOfWeek", "SpecifiedDayOfWeek", 1, 7, 0xFF);
        return new byte[] {(byte) (year >>> 8), (byte) year, (byte) month, (byte) day, (byte) dow};
    }

    /**
     * An xs:date as a COSEM date, day of week not specified. Year 65535 is COSEM's "every year" (DUIS writes
     * 65535-04-29 for 29 April of any year, as the 2.1 templates do); otherwise 2000 to 2099.
     */
    static byte[] xsDate(String text, String name) throws DuisException {
        Matcher m = XS_DATE.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new DuisException(DuisCodes.E12, name + " '" + text + "' is not a date");
        }
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        if (year != 0xFFFF && (year < 2000 || year > 2099) || month < 1 || month > 12 || day < 1 || day > 31) {
            throw new DuisException(DuisCodes.E12, name + " '" + text + "' is out of range (years 2000 to 2099, or 65535)");
        }
        return new byte[] {(byte) (year >>> 8), (byte) year, (byte) month, (byte) day, (byte) 0xFF};
    }

    /** A DUIS time of day (hh:mm:ss[.ss]Z) as a COSEM time: hour, minute, second, hundredths. */
    static byte[] time(String text, String name) throws DuisException {
        Matcher m = TIME.matcher(text == null ? "" : text.trim());
        if (!m.matches() || Integer.parseInt(m.group(1)) > 23 || Integer.parseInt(m.group(2)) > 59
                || Integer.parseInt(m.group(3)) > 59) {
            throw new DuisException(DuisCodes.E12, name + " '" + text + "' is not hh:mm:ss[.ss]Z");
        }
        int hundredths = m.group(4) == null ? 0 : Integer.parseInt((m.group(4) + "0").substring(0, 2));
        return new byte[] {(byte) Integer.parseInt(m.group(1)), (byte) Integer.parseInt(m.group(2)),
            (byte) Integer.parseInt(m.group(3)), (byte) hundredths};
    }

    /** A DaysOfWeekApplicability's days as COSEM's exec_weekdays bits, Monday the first (most significant) bit. */
    static byte weekdays(XmlNode daysOfWeek) throws DuisException {
        byte bits = 0;
        for (XmlNode w : daysOfWeek.all("DayOfWeekApplicability")) {
            int i = WEEKDAYS.indexOf(w.text("DayOfWeekID"));
            if (i < 0) {
                throw new DuisException(DuisCodes.E12, "DayOfWeekID must be Monday to Sunday");
            }
            bits |= (byte) (0x80 >>> i);
        }
        return bits;
    }

    private static int field(XmlNode d, String name, String specified, int min, int max, int notSpecified)
            throws DuisException {
        XmlNode f = Fields.required(d, name);
        Optional<XmlNode> v = f.child(specified);
        return v.isPresent() ? (int) Fields.number(v.get().text(), specified, min, max) : notSpecified;
    }
}
