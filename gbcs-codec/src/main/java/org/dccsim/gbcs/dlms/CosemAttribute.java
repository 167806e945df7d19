package org.dccsim.gbcs.dlms;

/**
 * A COSEM attribute or method reference: interface class id, logical name (OBIS) and attribute or method id
 * (the cosem-attribute-descriptor / cosem-method-descriptor of DLMS Green Book 9.3).
 */
public record CosemAttribute(int classId, ObisCode obis, int id) {
    public CosemAttribute {
        if (classId < 0 || classId > 0xFFFF) {
            throw new IllegalArgumentException("class id out of range: " + classId);
        }
        if (id < -128 || id > 255) {
            throw new IllegalArgumentException("attribute or method id out of range: " + id);
        }
    }

    public static CosemAttribute of(int classId, String obis, int id) {
        return new CosemAttribute(classId, ObisCode.parse(obis), id);
    }

    @Override
    public String toString() {
        return "class " + classId + " " + obis + " #" + id;
    }
}
