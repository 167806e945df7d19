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
 * <li>attributes followed by a Data Protection object's get_protected_attributes (class 30 method 1) are one
 * protected read of those attributes, restricted to the period when there is one (as ECS17d, ECS66 and ECS21b do);
 * GBCS lists the protected attributes and then the method, and the command carries only the method, naming them
 * all in its object list. ECS20c is the one use case with two (its register and prepayment billing data logs):
 * GBCS gives one method for both and no RTDS message shows it, so both go in one list (a decision).
 * </ul>
 * Any other method, or a protection method with no attribute before it, is not a plain read:
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
            // A protection method protects the attribute rows before it, back to the previous method.
            if (item.method() && !(protection(item) && i > 0 && !items.get(i - 1).method())) {
                return Optional.empty();
            }
        }
        return Optional.of(new TableRead(useCaseId, from, to));
    }

    @Override
    public DlmsItems items(CommandContext ctx) {
        List<UseCaseItems.Item> items = UseCaseItems.of(useCaseId);
        DlmsItems.Builder b = DlmsItems.builder();
        java.util.List<CosemAttribute> run = new java.util.ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            UseCaseItems.Item item = items.get(i);
            CosemAttribute t = item.target();
            if (!item.method() && protectedRun(items, i)) {
                run.add(t); // carried by the protection method that ends its run
                continue;
            }
            if (item.method()) {
                b.action(ProtectedReads.method(t.obis()), ProtectedReads.parameter(java.util.List.copyOf(run),
                        from == null ? null : CosemDateTime.ofInstant(from), to == null ? null : CosemDateTime.ofInstant(to),
                        ctx));
                run.clear();
            } else if (from != null && isLogBuffer(item)) {
                b.getWithSelection(t, 1, ProtectedReads.rangeDescriptor(GbcsObjects.utcSeconds(from),
                        GbcsObjects.utcSeconds(to)));
            } else {
                b.get(t);
            }
        }
        return b.build();
    }

    /** Whether attribute row {@code i} belongs to a run of attribute rows that a protection method ends. */
    private static boolean protectedRun(List<UseCaseItems.Item> items, int i) {
        for (int j = i + 1; j < items.size(); j++) {
            if (items.get(j).method()) {
                return protection(items.get(j));
            }
        }
        return false;
    }

    private static boolean protection(UseCaseItems.Item item) {
        return item.method() && item.target().classId() == GbcsObjects.CLASS_DATA_PROTECTION && item.target().id() == 1;
    }

    private static boolean isLogBuffer(UseCaseItems.Item item) {
        return !item.method() && item.target().classId() == GbcsObjects.CLASS_PROFILE_GENERIC && item.target().id() == 2;
    }
}
