package org.dccsim.device.cosem;

import java.util.Map;
import java.util.TreeMap;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;

/**
 * A COSEM object whose attributes are plain stored values: configuration, descriptions, thresholds, calendars.
 * A set must keep the attribute's A-XDR type (type-unmatched otherwise); unknown attributes are unavailable.
 */
public class AttributeStore implements CosemObject, CosemObject.CopyOnWrite {
    private final int classId;
    private final ObisCode obis;
    private final Map<Integer, Data> values = new TreeMap<>();

    public AttributeStore(int classId, ObisCode obis) {
        this.classId = classId;
        this.obis = obis;
    }

    public synchronized AttributeStore with(int attribute, Data initial) {
        values.put(attribute, initial);
        return this;
    }

    /** A device's own copy of a shared object, made the first time a command changes it. */
    @Override
    public synchronized AttributeStore copy() {
        AttributeStore c = newInstance();
        c.values.putAll(values);
        return c;
    }

    /** Subclasses with behaviour return an instance of themselves here. */
    protected AttributeStore newInstance() {
        return new AttributeStore(classId, obis);
    }

    @Override
    public int classId() {
        return classId;
    }

    @Override
    public ObisCode obis() {
        return obis;
    }

    /** Every attribute's value, for saving a device's state. */
    public synchronized Map<Integer, Data> values() {
        return new TreeMap<>(values);
    }

    public synchronized Data value(int attribute) {
        return values.get(attribute);
    }

    @Override
    public synchronized AccessResult get(int attribute, Invocation inv) {
        Data v = values.get(attribute);
        return v == null ? AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE) : AccessResult.ok(v);
    }

    @Override
    public synchronized AccessResult set(int attribute, Data value, Invocation inv) {
        Data current = values.get(attribute);
        if (current == null) {
            return AccessResult.fail(DataAccessResult.READ_WRITE_DENIED);
        }
        if (!sameType(current, value)) {
            return AccessResult.fail(DataAccessResult.TYPE_UNMATCHED);
        }
        values.put(attribute, value);
        return AccessResult.OK;
    }

    /** Same tag; octet-strings of a fixed size (dates, OBIS codes) keep their size. */
    static boolean sameType(Data expected, Data actual) {
        if (expected.tag() != actual.tag()) {
            return false;
        }
        if (expected instanceof Data.OctetString e && actual instanceof Data.OctetString a) {
            int n = e.length();
            return !(n == 12 || n == 6 || n == 5 || n == 4) || a.length() == n;
        }
        return true;
    }
}
