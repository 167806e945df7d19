package org.dccsim.gbcs.usecase;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dccsim.gbcs.dlms.CosemAttribute;

/**
 * The DLMS objects each ESME/SAPC use case addresses, in command order (our table use-case-items.tsv, from the
 * GBCS DLMS object table). Read-only use cases (ECS26x configuration reads, ECS61a, ...) become commands of
 * plain gets from it.
 */
public final class UseCaseItems {
    /** One row: attribute (get/set) or method (action). */
    public record Item(boolean method, CosemAttribute target) {
    }

    private static final Map<String, List<Item>> ITEMS = load();

    private UseCaseItems() {
    }

    public static List<Item> of(String useCaseId) {
        return ITEMS.getOrDefault(useCaseId, List.of());
    }

    /** A command of gets for a use case that only reads attributes; empty if it has methods or is unknown. */
    public static Optional<SimpleCommands.AttributeAccess> attributeReads(String useCaseId) {
        List<Item> items = of(useCaseId);
        if (items.isEmpty() || items.stream().anyMatch(Item::method)) {
            return Optional.empty();
        }
        DlmsItems.Builder b = DlmsItems.builder();
        items.forEach(i -> b.get(i.target()));
        return Optional.of(new SimpleCommands.AttributeAccess(useCaseId, b.build()));
    }

    private static Map<String, List<Item>> load() {
        Map<String, List<Item>> m = new HashMap<>();
        for (String[] f : org.dccsim.gbcs.internal.TsvResource.rows(UseCaseItems.class, "use-case-items.tsv")) {
            m.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Item("M".equals(f[1]),
                    CosemAttribute.of(Integer.parseInt(f[2]), f[3], Integer.parseInt(f[4]))));
        }
        m.replaceAll((k, v) -> List.copyOf(v));
        return Map.copyOf(m);
    }
}
