package org.dccsim.gbcs.dlms;

import java.util.List;

/** The type description of a compact-array (DLMS Green Book 9.5): a simple type, an array or a structure. */
public sealed interface TypeDescription {

    record Simple(int tag) implements TypeDescription {
    }

    /** An array of {@code count} elements of one type; the count is a 2-byte value on the wire. */
    record ArrayOf(int count, TypeDescription element) implements TypeDescription {
        public ArrayOf {
            if (count < 0 || count > 0xFFFF) {
                throw new IllegalArgumentException("array count out of range: " + count);
            }
        }
    }

    record StructureOf(List<TypeDescription> elements) implements TypeDescription {
        public StructureOf {
            elements = List.copyOf(elements);
        }
    }
}
