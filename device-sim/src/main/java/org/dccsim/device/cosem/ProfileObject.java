package org.dccsim.device.cosem;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.DataTag;
import org.dccsim.gbcs.dlms.ObisCode;
import org.dccsim.gbcs.dlms.TypeDescription;
import org.dccsim.gbcs.usecase.GbcsObjects;

/**
 * A profile generic (class 7) whose buffer is computed on demand: one entry per capture period, stamped with
 * the capture time (the end of the period, in UTC seconds since 2000) and holding the value the meter
 * captured then. Range reads (selector 1, range_descriptor on UTC time) and protected reads return entries with
 * capture times in [from, to] that have already happened.
 */
public final class ProfileObject implements CosemObject {
    /**
     * The most entries one read returns: 4,096 half-hours (85 days) keeps a response inside one GBCS frame
     * without General Block Transfer; longer ranges return their first 4,096 entries.
     */
    public static final int MAX_ENTRIES = 4096;
    static final TypeDescription ENTRY = new TypeDescription.StructureOf(List.of(
            new TypeDescription.Simple(DataTag.DOUBLE_LONG_UNSIGNED), new TypeDescription.Simple(DataTag.DOUBLE_LONG_UNSIGNED)));

    /** What the device captured at the end of a period. */
    @FunctionalInterface
    public interface Capture {
        long value(MeteringState device, Instant periodStart, Instant captureTime);
    }

    private final ObisCode obis;
    private final Duration period;
    private final Capture capture;

    public ProfileObject(ObisCode obis, Duration period, Capture capture) {
        this.obis = obis;
        this.period = period;
        this.capture = capture;
    }

    @Override
    public int classId() {
        return GbcsObjects.CLASS_PROFILE_GENERIC;
    }

    @Override
    public ObisCode obis() {
        return obis;
    }

    /** Entries with capture times in [from, to], not after the device's now. */
    public Data buffer(MeteringState device, Instant from, Instant to) {
        long p = period.getSeconds();
        long first = Math.floorDiv(from.getEpochSecond() + p - 1, p) * p;
        Instant now = device.deviceTime();
        Instant last = to.isAfter(now) ? now : to;
        List<Data> rows = new ArrayList<>();
        for (long t = first; t <= last.getEpochSecond() && rows.size() < MAX_ENTRIES; t += p) {
            Instant capturedAt = Instant.ofEpochSecond(t);
            long value = Math.max(0, Math.min(0xFFFFFFFFL, capture.value(device, capturedAt.minus(period), capturedAt)));
            rows.add(Data.structure(new Data.DoubleLongUnsigned(GbcsObjects.utcSeconds(capturedAt)),
                    new Data.DoubleLongUnsigned(value)));
        }
        return new Data.CompactArray(ENTRY, rows);
    }

    @Override
    public AccessResult get(int attribute, Invocation inv) {
        switch (attribute) {
            case 2:
                // The whole buffer would be months; a plain read gives the last day.
                return AccessResult.ok(buffer(inv.device(), inv.now().minus(Duration.ofDays(1)), inv.now()));
            case 4:
                return AccessResult.ok(new Data.DoubleLongUnsigned(period.getSeconds()));
            default:
                return AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE);
        }
    }

    @Override
    public AccessResult getWithSelection(int attribute, int selector, Data parameters, Invocation inv) {
        if (attribute != 2 || selector != 1) {
            return AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE);
        }
        if (!(parameters instanceof Data.Structure s) || s.size() != 4
                || !(s.get(1) instanceof Data.DoubleLongUnsigned from) || !(s.get(2) instanceof Data.DoubleLongUnsigned to)) {
            return AccessResult.fail(DataAccessResult.TYPE_UNMATCHED);
        }
        if (to.value() < from.value()) {
            return AccessResult.fail(DataAccessResult.OTHER_REASON);
        }
        return AccessResult.ok(buffer(inv.device(), GbcsObjects.fromUtcSeconds(from.value()),
                GbcsObjects.fromUtcSeconds(to.value())));
    }
}
