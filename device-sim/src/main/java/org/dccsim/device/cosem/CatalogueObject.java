package org.dccsim.device.cosem;

import java.util.List;
import java.util.Map;
import org.dccsim.gbcs.dlms.Data;

/**
 * A catalogue object with no behaviour of its own in the simulation: it holds its attributes (default values,
 * then whatever was set), accepts its methods, and, for a profile generic, answers range reads with an empty
 * buffer (nothing the simulation records is logged there).
 */
public class CatalogueObject extends AttributeStore {
    private final List<Integer> methods;
    private final Data emptyBuffer;
    private final ObjectCatalogue.Entry entry;

    public CatalogueObject(ObjectCatalogue.Entry entry) {
        super(entry.classId(), entry.obis());
        Data buffer = null;
        for (Map.Entry<Integer, String> a : entry.attributes().entrySet()) {
            Data initial = TypeTemplate.defaultValue(a.getValue());
            if (entry.classId() == 7 && a.getKey() == 2) {
                // A log's buffer goes out as a compact-array of its entries (RTDS); none are recorded yet. An entry
                // holding arrays (a daily read log's TOU registers) needs their lengths in a compact type
                // description, which the catalogue's notation does not keep: those go out as a plain empty array.
                String element = TypeTemplate.arrayElement(a.getValue());
                initial = element == null || element.contains("a[") ? Data.array()
                        : new Data.CompactArray(TypeTemplate.typeDescription(element), List.of());
                buffer = initial;
            }
            with(a.getKey(), initial);
        }
        this.emptyBuffer = buffer;
        this.methods = List.copyOf(entry.methods());
        this.entry = entry;
    }

    protected ObjectCatalogue.Entry entry() {
        return entry;
    }

    @Override
    protected AttributeStore newInstance() {
        return new CatalogueObject(entry);
    }

    @Override
    public AccessResult getWithSelection(int attribute, int selector, Data parameters, Invocation inv) {
        if (emptyBuffer != null && attribute == 2 && selector == 1) {
            return AccessResult.ok(emptyBuffer);
        }
        return super.getWithSelection(attribute, selector, parameters, inv);
    }

    @Override
    public AccessResult action(int method, Data parameter, Invocation inv) {
        return methods.contains(method) ? AccessResult.OK : AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE);
    }
}
