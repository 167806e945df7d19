package org.dccsim.gbcs.usecase;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;

/**
 * A read built from nothing but a use case's rows in GBCS's DLMS object table (use-case-items.tsv), optionally over
 * a period (a DUIS ReadLogPeriod), for the reads that need no hand-written command:
 * <ul>
 * <li>an attribute row is a get, except a log's buffer (class 7 attribute 2), which with a period is a range read
 * on its entries' UTC time (selector 1, as ECS22a and ECS35x do);
 * <li>an attribute followed by a Data Protection object's get_protected_attributes (class 30 method 1) is one
 * protected read of that attribute, restricted to the period when there is one (as ECS17d, ECS66 and ECS21b do);
 * GBCS lists the protected attribute and then the method, and the command carries only the method.
 * </ul>
 * Any other method, or a protection method with no single attribute before it, is not a plain read:
 * {@link #of} is then empty and the SRV needs a command of its own.
 */
public record TableRead(String useCaseId, Instant from, Instant to) implements UseCaseCommand {

    public TableRead {
        if ((from == null) != (to == null)) {
            throw new IllegalArgumentException("a period needs both ends");
        }
        if (from != null && to.isBefore(from)) {
            throw new IllegalArgumentException("a read period ends before it starts");
        }
    }

    /** The table read of a use case over a period (both null for none); empty when its rows are not a plain read. */
    public static Optional<TableRead> of(String useCaseId, Instant from, Instant to) {
        List<UseCaseItems.Item> items = UseCaseItems.of(useCaseId);
        if (items.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 0; i < items.size(); i++) {
            UseCaseItems.Item item = items.get(i);
            // A protection method protects the one attribute row before it; with two (ECS20c's two billing logs)
            // which the method carries is not in the table.
            if (item.method() && !(protection(item) && i > 0 && !items.get(i - 1).method()
                    && (i < 2 || items.get(i - 2).method()))) {
                return Optional.empty();
            }
        }
        return Optional.of(new TableRead(useCaseId, from, to));
    }

    @Override
    public DlmsItems items(CommandContext ctx) {
        List<UseCaseItems.Item> items = UseCaseItems.of(useCaseId);
        DlmsItems.Builder b = DlmsItems.builder();
        for (int i = 0; i < items.size(); i++) {
            UseCaseItems.Item item = items.get(i);
            CosemAttribute t = item.target();
            boolean protectedNext = i + 1 < items.size() && items.get(i + 1).method() && protection(items.get(i + 1));
            if (protectedNext) {
                continue; // carried by the protection method that follows
            }
            if (item.method()) {
                CosemAttribute buffer = items.get(i - 1).target();
                b.action(ProtectedReads.method(t.obis()), ProtectedReads.parameter(buffer.classId(), buffer.obis(),
                        buffer.id(), from == null ? null : CosemDateTime.ofInstant(from),
                        to == null ? null : CosemDateTime.ofInstant(to), ctx));
            } else if (from != null && isLogBuffer(item)) {
                b.getWithSelection(t, 1, ProtectedReads.rangeDescriptor(GbcsObjects.utcSeconds(from),
                        GbcsObjects.utcSeconds(to)));
            } else {
                b.get(t);
            }
        }
        return b.build();
    }

    private static boolean protection(UseCaseItems.Item item) {
        return item.method() && item.target().classId() == GbcsObjects.CLASS_DATA_PROTECTION && item.target().id() == 1;
    }

    private static boolean isLogBuffer(UseCaseItems.Item item) {
        return !item.method() && item.target().classId() == GbcsObjects.CLASS_PROFILE_GENERIC && item.target().id() == 2;
    }
}
