package org.dccsim.gbcs.usecase;

import java.util.List;
import java.util.Optional;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.ObisCode;

/**
 * A protected read of one attribute without a date restriction: the Data Protection object's
 * get_protected_attributes (class 30, method 1) naming the attribute, the answer encrypted for the requester (GBCS
 * ECS17d, ECS17e; RTDS-verified). The use case's table rows give the attribute and the protection object.
 */
public record ProtectedRead(String useCaseId, CosemAttribute target, ObisCode protectionObject) implements UseCaseCommand {

    /** The protected read a use case's table describes: one attribute row and one class 30 method row; else empty. */
    public static Optional<ProtectedRead> fromTable(String useCaseId) {
        List<UseCaseItems.Item> items = UseCaseItems.of(useCaseId);
        if (items.size() != 2 || items.get(0).method() || !items.get(1).method()
                || items.get(1).target().classId() != GbcsObjects.CLASS_DATA_PROTECTION) {
            return Optional.empty();
        }
        return Optional.of(new ProtectedRead(useCaseId, items.get(0).target(), items.get(1).target().obis()));
    }

    @Override
    public DlmsItems items(CommandContext ctx) {
        return DlmsItems.builder().action(ProtectedReads.method(protectionObject),
                ProtectedReads.parameter(target.classId(), target.obis(), target.id(), null, null, ctx)).build();
    }
}
