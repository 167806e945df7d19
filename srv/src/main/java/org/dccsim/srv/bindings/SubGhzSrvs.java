package org.dccsim.srv.bindings;

import static org.dccsim.srv.bindings.Roles.S;

import java.math.BigDecimal;
import java.time.Instant;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.XmlNode;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.usecase.ChannelMask;
import org.dccsim.gbcs.usecase.DlmsItems;
import org.dccsim.gbcs.usecase.GbcsObjects;
import org.dccsim.gbcs.usecase.SimpleCommands;
import org.dccsim.srv.Srv;
import org.dccsim.srv.SrvCatalogue;

/**
 * DUIS 6.28 to 6.32: a dual band communications hub's sub-GHz radio (GBCS DBCH01-DBCH05), which GBCS gives the ACB
 * alone, so a supplier's request goes out from the ACB on its behalf. Objects and encodings are read off DCC's five
 * RTDS commands (TransformParityTest checks each byte for byte): the configuration (0-0:94.44.10.0), a channel scan
 * request (0-0:94.44.10.1), the channel in use (0-0:94.44.10.2) and its change log (0-0:94.44.10.3).
 */
public final class SubGhzSrvs {
    static final CosemAttribute CONFIGURATION = CosemAttribute.of(GbcsObjects.CLASS_DATA, "0-0:94.44.10.0", 2);
    static final CosemAttribute SCAN_REQUEST = CosemAttribute.of(GbcsObjects.CLASS_DATA, "0-0:94.44.10.1", 2);
    static final CosemAttribute CHANNEL = CosemAttribute.of(GbcsObjects.CLASS_DATA, "0-0:94.44.10.2", 2);
    static final CosemAttribute CHANNEL_LOG = CosemAttribute.of(GbcsObjects.CLASS_PROFILE_GENERIC, "0-0:94.44.10.3", 2);

    /**
     * The ZigBee channel pages of the four channel masks, in GBCS's order, with the first channel of each: a mask is
     * the page in its top five bits and one bit per channel (bit n for the page's first channel plus n).
     */
    private static final String[] BANDS = {"LowerBandSubGHzChannels0To26", "LowerBandSubGHzChannels27To34",
        "LowerBandSubGHzChannels35To61", "UpperBandSubGHzChannels0To26"};
    private static final int[] PAGES = {28, 29, 30, 31};
    private static final int[] FIRST = {0, 27, 35, 0};
    private static final int[] LAST = {26, 34, 61, 26};

    private SubGhzSrvs() {
    }

    public static void register(SrvCatalogue.Builder c) {
        c.add(Srv.of("6.28", "Set CHF Sub GHz Configuration").body("SetCHFSubGHzConfiguration").useCases("DBCH04").roles(S)
                .reader(r -> Dlms.of(new SimpleCommands.AttributeAccess("DBCH04",
                        DlmsItems.builder().set(CONFIGURATION, configuration(r.body())).build()))));
        // GBCS DBCH05: writing 0 asks the hub to scan its channels now.
        c.add(Srv.of("6.29", "Request CHF Sub GHz Channel Scan").body("RequestCHFSubGHzChannelScan").useCases("DBCH05")
                .roles(S).reader(r -> Dlms.of(new SimpleCommands.AttributeAccess("DBCH05",
                        DlmsItems.builder().set(SCAN_REQUEST, new Data.Unsigned8(0)).build()))));
        c.add(Srv.of("6.30", "Read CHF Sub GHz Configuration").body("ReadCHFSubGHzConfiguration").useCases("DBCH03")
                .roles(S).reader(r -> Dlms.of(new SimpleCommands.AttributeAccess("DBCH03",
                        DlmsItems.builder().get(CONFIGURATION).build()))));
        c.add(Srv.of("6.31", "Read CHF Sub GHz Channel").body("ReadCHFSubGHzChannel").useCases("DBCH01").roles(S)
                .reader(r -> Dlms.of(new SimpleCommands.AttributeAccess("DBCH01", DlmsItems.builder().get(CHANNEL).build()))));
        // GBCS DBCH02: the log's entries over the ReadLogPeriod, a range read on their UTC time (selector 1).
        c.add(Srv.of("6.32", "Read CHF Sub GHz Channel Log").body("ReadCHFSubGHzChannelLog").useCases("DBCH02").roles(S)
                .reader(r -> {
                    Instant[] p = Fields.readLogPeriod(r.body());
                    return Dlms.of(new SimpleCommands.AttributeAccess("DBCH02", DlmsItems.builder().getWithSelection(CHANNEL_LOG,
                            1, rangeDescriptor(p[0], p[1])).build()));
                }));
    }

    /** A range on the log entries' UTC time (GBCS's clock object 0-0:94.44.100.255), as DCC's DBCH02 command has it. */
    private static Data rangeDescriptor(Instant from, Instant to) {
        return Data.structure(Data.structure(new Data.LongUnsigned(GbcsObjects.CLASS_DATA),
                Data.octets(GbcsObjects.UTC_TIME.toBytes()), new Data.Integer8(2), new Data.LongUnsigned(0)),
                new Data.DoubleLongUnsigned(GbcsObjects.utcSeconds(from)), new Data.DoubleLongUnsigned(GbcsObjects.utcSeconds(to)),
                Data.array());
    }

    /**
     * The 15 fields of DBCH04's configuration: four channel masks, then the thresholds, percentages and duty cycles in
     * hundredths (1.3 is 130), counts and periods as they are.
     */
    private static Data configuration(XmlNode b) throws DuisException {
        Data[] f = new Data[15];
        for (int i = 0; i < BANDS.length; i++) {
            f[i] = mask(Fields.required(b, BANDS[i]), PAGES[i], FIRST[i], LAST[i]);
        }
        f[4] = new Data.LongUnsigned(hundredths(b, "NormalLimitedDutyCycleThreshold", 0xFFFF));
        f[5] = new Data.LongUnsigned(hundredths(b, "LimitedCriticalDutyCycleThreshold", 0xFFFF));
        f[6] = new Data.Unsigned8((int) Fields.number(b, "MaximumSubGHzChannelChangesPerWeek", 0, 0xFF));
        f[7] = new Data.LongUnsigned((int) Fields.number(b, "GSMECurfew", 0, 0xFFFF));
        f[8] = new Data.Unsigned8((int) Fields.number(b, "ChannelQuieterThreshold", 0, 0xFF));
        f[9] = new Data.Unsigned8((int) Fields.number(b, "ChannelNoisierThreshold", 0, 0xFF));
        f[10] = new Data.LongUnsigned(hundredths(b, "NonGSMEPoorCommsPercentageThreshold", 10_000));
        f[11] = new Data.Unsigned8((int) Fields.number(b, "NonGSMEPoorCommsMeasurementPeriods", 0, 0xFF));
        f[12] = new Data.LongUnsigned((int) Fields.number(b, "LocalCHNoiseMeasurementPeriod", 0, 0xFFFF));
        f[13] = new Data.LongUnsigned(hundredths(b, "LocalCHFailurePercentage", 10_000));
        f[14] = new Data.LongUnsigned(hundredths(b, "LocalCHRetryPercentage", 10_000));
        return Data.structure(f);
    }

    /** A band's channels as its mask (bit n for channel first + n); the body names them as ChannelN. */
    private static Data mask(XmlNode band, int page, int first, int last) throws DuisException {
        long bits = 0;
        for (XmlNode ch : band.children()) {
            int n;
            try {
                n = Integer.parseInt(ch.name().substring("Channel".length()));
            } catch (RuntimeException e) {
                throw new DuisException(DuisCodes.E12, band.name() + " holds " + ch.name() + ", not a ChannelN");
            }
            if (!ch.name().startsWith("Channel") || n < first || n > last) {
                throw new DuisException(DuisCodes.E12, band.name() + " has no " + ch.name());
            }
            bits |= 1L << (n - first);
        }
        return new ChannelMask(page, bits).toData();
    }

    /** A decimal with at most two places, in hundredths, from 0 to {@code max} hundredths. */
    private static int hundredths(XmlNode b, String child, int max) throws DuisException {
        String text = b.text(child);
        try {
            BigDecimal v = new BigDecimal(text == null ? "" : text.trim()).movePointRight(2);
            if (v.stripTrailingZeros().scale() > 0 || v.signum() < 0 || v.compareTo(BigDecimal.valueOf(max)) > 0) {
                throw new DuisException(DuisCodes.E12, child + " " + text + " is not 0 to " + max / 100.0 + " in hundredths");
            }
            return v.intValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new DuisException(DuisCodes.E12, child + " '" + text + "' is not a decimal");
        }
    }
}
