package org.dccsim.gbcs.usecase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.DataTag;
import org.dccsim.gbcs.dlms.TypeDescription;

/**
 * Half-hour profile entries as a profile generic returns them (ECS22a/b/c): timestamp (UTC seconds since 2000)
 * and the energy in the period, in the register's unit (Wh for active energy, varh for reactive).
 */
public record HalfHourProfile(List<Entry> entries) {

    public record Entry(Instant timestamp, long value) {
    }

    private static final TypeDescription ENTRY_TYPE = new TypeDescription.StructureOf(List.of(
            new TypeDescription.Simple(DataTag.DOUBLE_LONG_UNSIGNED), new TypeDescription.Simple(DataTag.DOUBLE_LONG_UNSIGNED)));

    public HalfHourProfile {
        entries = List.copyOf(entries);
    }

    public long total() {
        return entries.stream().mapToLong(Entry::value).sum();
    }

    /** The buffer as GBCS devices send it: a compact-array of structure{timestamp, value}. */
    public Data toCompactArray() {
        List<Data> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            out.add(Data.structure(new Data.DoubleLongUnsigned(GbcsObjects.utcSeconds(e.timestamp())),
                    new Data.DoubleLongUnsigned(e.value())));
        }
        return new Data.CompactArray(ENTRY_TYPE, out);
    }

    /** The plaintext of an ECS22b protected read: {@code structure{ compact-array }}. */
    public Data toProtectedPlaintext() {
        return Data.structure(toCompactArray());
    }

    /**
     * Reads the buffer from a compact-array, an array of structures, or either inside a one-element structure
     * (the protected-read plaintext). Entries need a timestamp and a value; other columns are ignored.
     *
     * @throws IllegalArgumentException when the data is not a profile buffer
     */
    public static HalfHourProfile parse(Data d) {
        if (d instanceof Data.Structure s && s.size() == 1) {
            d = s.get(0);
        }
        List<Data> rows;
        if (d instanceof Data.CompactArray c) {
            rows = c.elements();
        } else if (d instanceof Data.Array a) {
            rows = a.elements();
        } else {
            throw new IllegalArgumentException("not a profile buffer: " + d.getClass().getSimpleName());
        }
        List<Entry> entries = new ArrayList<>(rows.size());
        for (Data row : rows) {
            if (!(row instanceof Data.Structure s) || s.size() < 2 || !(s.get(0) instanceof Data.DoubleLongUnsigned t)
                    || !(s.get(1) instanceof Data.DoubleLongUnsigned v)) {
                throw new IllegalArgumentException("profile entry is not structure{timestamp, value}");
            }
            entries.add(new Entry(GbcsObjects.fromUtcSeconds(t.value()), v.value()));
        }
        return new HalfHourProfile(entries);
    }
}
