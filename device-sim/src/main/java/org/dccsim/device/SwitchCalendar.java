package org.dccsim.device;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.dlms.AccessRequestSpecification;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;
import org.dccsim.gbcs.dlms.XdlmsApdu;

/**
 * A device's calendar as the switching it makes: the auxiliary load switch calendar (ECS46c, DUIS 6.14.2) and the
 * auxiliary controller calendar (ECS46d, 6.14.3). Each schedule entry (class 10 at 0-1:12.0.2.255: enabled, script
 * selector, switch time, weekdays, start and end dates) becomes, for every day it applies on, a change of one
 * controller at its time: ECS46c's selector n x 256 + 1 closes switch n (level 100), + 2 opens it (0); ECS46d's is the
 * 7.13 one with 0x80 added to the level (controller code in the high byte). The device writes the changes from the
 * calendar's activation for {@link #HORIZON} ahead into the controllers' histories, which the loads follow.
 *
 * <p>Decisions where GBCS is not at hand: times and dates are UTC; special days are not applied (an entry runs on its
 * weekdays alone); a start or end date counts only when its year, month and day are all given; a calendar activated in
 * the year 3000 or later (GBCS NEVER, DUIS's cancellation) changes nothing; a new calendar ends the switching of the
 * one before it from its own activation on.
 */
final class SwitchCalendar {
    /** How far ahead a calendar's switching is written: a month of days, renewed by the next calendar. */
    static final Duration HORIZON = Duration.ofDays(31);
    static final ObisCode SCHEDULE = ObisCode.parse("0-1:12.0.2.255");
    static final ObisCode ACTIVATION = ObisCode.parse("0-0:94.44.128.26");
    private static final Instant NEVER = Instant.parse("3000-01-01T00:00:00Z");

    /** One change of one controller (switch) n to a level (0 open or off, 100 closed or full). */
    record Change(int controller, Instant at, int level) {
    }

    private SwitchCalendar() {
    }

    /** The calendar's activation as the command gives it: NOW or absent is {@code now}; empty for a cancellation. */
    static Optional<Instant> activation(XdlmsApdu.AccessRequest request, Instant now) {
        Data a = value(request, 9000, ACTIVATION, 6);
        if (!(a instanceof Data.OctetString s) || s.length() != CosemDateTime.LENGTH) {
            return Optional.of(now);
        }
        try {
            CosemDateTime t = CosemDateTime.of(s.value());
            Instant at = t.isNow() ? now : t.toInstant().orElse(now);
            return at.isBefore(NEVER) ? Optional.of(at.isBefore(now) ? now : at) : Optional.empty();
        } catch (GbcsDecodeException e) {
            return Optional.of(now);
        }
    }

    /** The changes the command's schedule makes from {@code from} for {@link #HORIZON}, in time order. */
    static List<Change> changes(XdlmsApdu.AccessRequest request, Instant from) {
        List<Change> out = new ArrayList<>();
        if (!(value(request, 10, SCHEDULE, 2) instanceof Data.Array entries)) {
            return out;
        }
        Instant until = from.plus(HORIZON);
        for (Data e : entries.elements()) {
            if (!(e instanceof Data.Structure s) || s.size() != 10 || !(s.get(1) instanceof Data.Bool enabled) || !enabled.value()
                    || !(s.get(3) instanceof Data.LongUnsigned selector) || !(s.get(4) instanceof Data.OctetString time)
                    || time.length() != 4 || !(s.get(6) instanceof Data.BitString weekdays)) {
                continue;
            }
            int high = selector.value() >> 8;
            int low = selector.value() & 0xFF;
            int controller;
            int level;
            if (high >= 1 && high <= 5 && (low == 1 || low == 2)) {
                controller = high;
                level = low == 1 ? 100 : 0;
            } else {
                org.dccsim.gbcs.usecase.AuxiliaryController c = org.dccsim.gbcs.usecase.AuxiliaryController.ofCode(high);
                if (c == null || low < 0x80 || low > 0x80 + 100) {
                    continue;
                }
                controller = c.number();
                level = low - 0x80;
            }
            byte[] t = time.value();
            if (t[0] < 0 || t[0] > 23 || t[1] < 0 || t[1] > 59) {
                continue;
            }
            LocalTime at = LocalTime.of(t[0], t[1], t[2] >= 0 && t[2] <= 59 ? t[2] : 0);
            LocalDate start = date(s.get(8));
            LocalDate end = date(s.get(9));
            byte days = weekdays.bits().length == 0 ? 0 : weekdays.bits()[0];
            for (LocalDate d = LocalDate.ofInstant(from, ZoneOffset.UTC); !d.atStartOfDay().toInstant(ZoneOffset.UTC)
                    .isAfter(until); d = d.plusDays(1)) {
                boolean onDay = (days & (0x80 >>> (d.getDayOfWeek().getValue() - 1))) != 0;
                boolean inDates = (start == null || !d.isBefore(start)) && (end == null || !d.isAfter(end));
                Instant when = d.atTime(at).toInstant(ZoneOffset.UTC);
                if (onDay && inDates && !when.isBefore(from) && when.isBefore(until)) {
                    out.add(new Change(controller, when, level));
                }
            }
        }
        out.sort((a, b) -> a.at().compareTo(b.at()));
        return out;
    }

    /** A COSEM date (year 2, month, day, weekday) with year, month and day all given; null for any wildcard. */
    private static LocalDate date(Data d) {
        if (!(d instanceof Data.OctetString s) || s.length() != 5) {
            return null;
        }
        byte[] b = s.value();
        int year = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        int month = b[2] & 0xFF;
        int day = b[3] & 0xFF;
        if (year == 0xFFFF || month < 1 || month > 12 || day < 1 || day > 31) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /** The value a command sets on one attribute, or null. */
    private static Data value(XdlmsApdu.AccessRequest request, int classId, ObisCode obis, int attribute) {
        for (int i = 0; i < request.specifications().size(); i++) {
            AccessRequestSpecification spec = request.specifications().get(i);
            CosemAttribute target = spec.target();
            if (spec instanceof AccessRequestSpecification.Set && target.classId() == classId && target.obis().equals(obis)
                    && target.id() == attribute) {
                return request.data().get(i);
            }
        }
        return null;
    }
}
