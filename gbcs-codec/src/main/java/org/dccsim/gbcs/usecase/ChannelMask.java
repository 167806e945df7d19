package org.dccsim.gbcs.usecase;

import java.util.ArrayList;
import java.util.List;
import org.dccsim.gbcs.dlms.Data;

/**
 * A ZigBee sub-GHz channel mask as GBCS's DBCH use cases carry it (bit-string(32), RTDS DBCH01-DBCH04): the channel
 * page (28-31) in the top five bits, then one bit per channel of the page, bit n for the page's n-th channel.
 */
public record ChannelMask(int page, long channels) {
    public static final int CHANNELS_PER_PAGE = 27;

    public ChannelMask {
        if (page < 0 || page > 31 || (channels >>> CHANNELS_PER_PAGE) != 0) {
            throw new IllegalArgumentException("page " + page + " or channels " + Long.toHexString(channels) + " out of range");
        }
    }

    public Data toData() {
        long bits = ((long) page << CHANNELS_PER_PAGE) | channels;
        return new Data.BitString(32, new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits});
    }

    /** The mask a bit-string(32) holds; null for any other value. */
    public static ChannelMask of(Data d) {
        if (!(d instanceof Data.BitString b) || b.bitLength() != 32 || b.bits().length != 4) {
            return null;
        }
        byte[] v = b.bits();
        long bits = ((v[0] & 0xFFL) << 24) | ((v[1] & 0xFFL) << 16) | ((v[2] & 0xFFL) << 8) | (v[3] & 0xFFL);
        return new ChannelMask((int) (bits >>> CHANNELS_PER_PAGE), bits & ((1L << CHANNELS_PER_PAGE) - 1));
    }

    /** The page's channels set in the mask, by their number within the page. */
    public List<Integer> channelNumbers() {
        List<Integer> out = new ArrayList<>();
        for (int n = 0; n < CHANNELS_PER_PAGE; n++) {
            if ((channels & (1L << n)) != 0) {
                out.add(n);
            }
        }
        return out;
    }
}
