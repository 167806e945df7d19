package org.dccsim.device;

import java.util.List;
import java.util.function.Consumer;
import org.dccsim.device.cosem.AccessResult;
import org.dccsim.device.cosem.AttributeStore;
import org.dccsim.device.cosem.CosemObject;
import org.dccsim.device.cosem.DataAccessResult;
import org.dccsim.device.cosem.Invocation;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;
import org.dccsim.gbcs.dlms.TypeDescription;
import org.dccsim.gbcs.usecase.ChannelMask;
import org.dccsim.gbcs.usecase.GbcsObjects;

/**
 * A dual band hub's sub-GHz radio objects (GBCS DBCH01-DBCH05, DUIS 6.28-6.32), typed as DCC's RTDS answers them. The
 * simulated HAN has no sub-GHz interference, so the hub stays on its first channel (lower band, channel 0) and its
 * channel log records no change; a scan request is taken and changes nothing.
 */
final class SubGhzObjects {
    static final ObisCode CONFIGURATION = ObisCode.parse("0-0:94.44.10.0");
    static final ObisCode SCAN_REQUEST = ObisCode.parse("0-0:94.44.10.1");
    static final ObisCode CHANNEL = ObisCode.parse("0-0:94.44.10.2");
    static final ObisCode CHANNEL_LOG = ObisCode.parse("0-0:94.44.10.3");
    private static final TypeDescription LOG_ENTRY = org.dccsim.device.cosem.TypeTemplate.typeDescription("s{dlu,lu,os0}");

    private SubGhzObjects() {
    }

    static void addTo(Consumer<CosemObject> add) {
        add.accept(new Configuration().with(2, defaults()));
        add.accept(new AttributeStore(GbcsObjects.CLASS_DATA, SCAN_REQUEST).with(2, new Data.Unsigned8(0)));
        add.accept(new AttributeStore(GbcsObjects.CLASS_DATA, CHANNEL).with(2, mask(28, 1)));
        add.accept(new CosemObject() {
            public int classId() {
                return GbcsObjects.CLASS_PROFILE_GENERIC;
            }

            public ObisCode obis() {
                return CHANNEL_LOG;
            }

            /** Entries {UTC time, alert code, channel details} (RTDS DBCH02); none: the channel never changed. */
            public AccessResult getWithSelection(int attribute, int selector, Data parameters, Invocation inv) {
                if (attribute != 2 || selector != 1) {
                    return AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE);
                }
                return AccessResult.ok(new Data.CompactArray(LOG_ENTRY, List.of()));
            }
        });
    }

    /**
     * The configuration a hub leaves the factory with (a decision: all lower band channels allowed, duty cycle
     * thresholds 1.25 % and 2.00 %, the other figures those of the RTDS hub's answer).
     */
    private static Data defaults() {
        return Data.structure(mask(28, 0x7FFFFFF), mask(29, 0xFF), mask(30, 0x7FFFFFF), mask(31, 0),
                new Data.LongUnsigned(125), new Data.LongUnsigned(200), new Data.Unsigned8(4), new Data.LongUnsigned(6),
                new Data.Unsigned8(6), new Data.Unsigned8(10), new Data.LongUnsigned(5050), new Data.Unsigned8(125),
                new Data.LongUnsigned(90), new Data.LongUnsigned(5000), new Data.LongUnsigned(3000));
    }

    private static Data mask(int page, long channels) {
        return new ChannelMask(page, channels).toData();
    }

    /** The configuration takes only a structure of the same 15 field types (DBCH04), field by field. */
    private static final class Configuration extends AttributeStore {
        Configuration() {
            super(GbcsObjects.CLASS_DATA, CONFIGURATION);
        }

        @Override
        protected AttributeStore newInstance() {
            return new Configuration();
        }

        @Override
        public synchronized AccessResult set(int attribute, Data value, Invocation inv) {
            if (attribute == 2 && value(2) instanceof Data.Structure current) {
                if (!(value instanceof Data.Structure s) || s.size() != current.size()) {
                    return AccessResult.fail(DataAccessResult.TYPE_UNMATCHED);
                }
                for (int i = 0; i < s.size(); i++) {
                    if (s.get(i).tag() != current.get(i).tag()) {
                        return AccessResult.fail(DataAccessResult.TYPE_UNMATCHED);
                    }
                }
            }
            return super.set(attribute, value, inv);
        }
    }
}
