package org.dccsim.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.Hex;
import org.dccsim.gbcs.crypto.DirectoryKeyStore;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.inspect.MessageInspector;
import org.dccsim.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Hostile input: seeded random mutations of real RTDS messages (bit flips, truncations, length-field
 * corruption, insertions, deletions, splices) through the whole inspection path (frame, payload, MAC,
 * signature, decryption). Each must decode or fail with {@link GbcsDecodeException}; any other exception, a
 * hang or running out of memory is a bug. The seed is printed so a failure can be replayed. No per-message time is
 * asserted (a loaded machine stalls any one message for hundreds of milliseconds); a whole-test timeout catches hangs
 * and runaway decoding, and the slowest message is printed for the curious. Decoding speed is the codec benchmark's.
 */
class MutationTest {
    private static final int MUTATIONS = 100_000;
    private static final long SEED = Long.getLong("dccsim.mutation.seed", 0x6B_C5_20_26L);
    /** A hang guard for the whole run, about a hundred times what it takes on a quiet machine. */
    private static final Duration HANG_GUARD = Duration.ofMinutes(10);

    enum Kind { BIT_FLIP, BYTE_SET, TRUNCATE, LENGTH_CORRUPT, INSERT, DELETE, SPLICE }

    @Test
    void hundredThousandMutations_onlyDecodeOrFailWithGbcsDecodeException() {
        List<byte[]> corpus = new ArrayList<>();
        for (Path p : SharedData.rtdsFiles()) {
            corpus.add(SharedData.hexFile(p));
        }
        MessageInspector inspector = new MessageInspector(new GbcsFrameDecoder(),
                new GbcsSecurity(new DirectoryKeyStore(SharedData.rtdsKeystore())));
        // Every unmutated message must inspect cleanly, or the mutations prove nothing.
        for (byte[] message : corpus) {
            try {
                inspector.inspect(message);
            } catch (GbcsDecodeException e) {
                throw new AssertionError("an unmutated RTDS message failed: " + e.getMessage(), e);
            }
        }
        Map<Kind, int[]> outcomes = new EnumMap<>(Kind.class);
        long[] slowest = {0};
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            SplittableRandom random = new SplittableRandom(SEED);
            for (int i = 0; i < MUTATIONS; i++) {
                byte[] original = corpus.get(random.nextInt(corpus.size()));
                Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
                byte[] mutated = mutate(original, kind, random, corpus);
                int[] counts = outcomes.computeIfAbsent(kind, k -> new int[2]);
                long start = System.nanoTime();
                try {
                    inspector.inspect(mutated);
                    counts[0]++;
                } catch (GbcsDecodeException expected) {
                    counts[1]++;
                } catch (Throwable t) {
                    throw new AssertionError("mutation " + i + " (" + kind + ", seed " + SEED + ") threw " + t
                            + " on " + Hex.encode(mutated), t);
                }
                slowest[0] = Math.max(slowest[0], System.nanoTime() - start);
            }
        });
        int total = 0;
        for (Map.Entry<Kind, int[]> e : outcomes.entrySet()) {
            System.out.printf("mutation: %-14s %6d decoded, %6d GbcsDecodeException%n", e.getKey(), e.getValue()[0],
                    e.getValue()[1]);
            total += e.getValue()[0] + e.getValue()[1];
        }
        System.out.printf("mutation: %d mutations of %d RTDS messages (seed %d), slowest %.2f ms, no other exception%n",
                total, corpus.size(), SEED, slowest[0] / 1e6);
        assertThat(total).isEqualTo(MUTATIONS);
        assertThat(outcomes).hasSize(Kind.values().length);
    }

    static byte[] mutate(byte[] in, Kind kind, SplittableRandom r, List<byte[]> corpus) {
        byte[] b = in.clone();
        switch (kind) {
            case BIT_FLIP: {
                int flips = 1 + r.nextInt(4);
                for (int k = 0; k < flips; k++) {
                    int pos = r.nextInt(b.length);
                    b[pos] ^= (byte) (1 << r.nextInt(8));
                }
                return b;
            }
            case BYTE_SET:
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                return b;
            case TRUNCATE:
                return java.util.Arrays.copyOf(b, r.nextInt(b.length));
            case LENGTH_CORRUPT: {
                // Aim at bytes that are likely lengths: small values and BER long-form markers.
                int pos = r.nextInt(b.length);
                for (int k = 0; k < 64 && (b[pos] & 0xFF) > 0x82 && (b[pos] & 0xFF) != 0xFF; k++) {
                    pos = r.nextInt(b.length);
                }
                int[] values = {0x00, 0x01, 0x7F, 0x80, 0x81, 0x82, 0x83, 0x84, 0xFF, (b[pos] & 0xFF) + 1,
                    (b[pos] & 0xFF) - 1};
                b[pos] = (byte) values[r.nextInt(values.length)];
                if (pos + 2 < b.length && r.nextBoolean()) {
                    b[pos + 1] = (byte) 0xFF;
                    b[pos + 2] = (byte) 0xFF;
                }
                return b;
            }
            case INSERT: {
                int pos = r.nextInt(b.length + 1);
                int n = 1 + r.nextInt(8);
                byte[] out = new byte[b.length + n];
                System.arraycopy(b, 0, out, 0, pos);
                for (int k = 0; k < n; k++) {
                    out[pos + k] = (byte) r.nextInt(256);
                }
                System.arraycopy(b, pos, out, pos + n, b.length - pos);
                return out;
            }
            case DELETE: {
                int pos = r.nextInt(b.length);
                int n = Math.min(1 + r.nextInt(8), b.length - pos);
                byte[] out = new byte[b.length - n];
                System.arraycopy(b, 0, out, 0, pos);
                System.arraycopy(b, pos + n, out, pos, b.length - pos - n);
                return out;
            }
            default: {
                // Splice: the head of one message onto the tail of another.
                byte[] other = corpus.get(r.nextInt(corpus.size()));
                int cut = r.nextInt(b.length);
                int from = r.nextInt(other.length);
                byte[] out = new byte[cut + other.length - from];
                System.arraycopy(b, 0, out, 0, cut);
                System.arraycopy(other, from, out, cut, other.length - from);
                return out;
            }
        }
    }
}
