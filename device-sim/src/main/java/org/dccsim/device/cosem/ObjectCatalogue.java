package org.dccsim.device.cosem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dccsim.gbcs.dlms.ObisCode;

/**
 * The COSEM objects the ESME and SAPC use cases address, with their attributes' types and their methods (our
 * table cosem-objects.tsv, generated from the GBCS DLMS object table by tools/gen-cosem-objects.py).
 */
public final class ObjectCatalogue {
    public record Entry(int classId, ObisCode obis, Map<Integer, String> attributes, List<Integer> methods) {
    }

    private static final List<Entry> ENTRIES = load();

    private ObjectCatalogue() {
    }

    public static List<Entry> entries() {
        return ENTRIES;
    }

    private static List<Entry> load() {
        Map<Long, Entry> byKey = new LinkedHashMap<>();
        for (String[] f : org.dccsim.gbcs.internal.TsvResource.rows(ObjectCatalogue.class, "/org/dccsim/device/cosem-objects.tsv")) {
            int classId = Integer.parseInt(f[0]);
            ObisCode obis = ObisCode.parse(f[1]);
            Entry e = byKey.computeIfAbsent(CosemObject.key(classId, obis),
                    k -> new Entry(classId, obis, new LinkedHashMap<>(), new ArrayList<>()));
            int id = Integer.parseInt(f[3]);
            if ("A".equals(f[2])) {
                e.attributes().put(id, f[4]);
            } else {
                e.methods().add(id);
            }
        }
        return List.copyOf(byKey.values());
    }
}
