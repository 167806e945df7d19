package org.dccsim.gbcs.inspect;

import java.util.List;
import java.util.Optional;
import org.dccsim.gbcs.crypto.Check;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.frame.GbcsMessage;
import org.dccsim.gbcs.payload.Payload;
import org.dccsim.gbcs.usecase.UseCase;

/**
 * Everything we can say about one received GBCS message: its frame, its payload, whether encoding it again gives
 * the same bytes, whether its MAC and signature verify, and its decrypted protected payloads.
 *
 * @param reencodesExactly frame and payload encode back to the input, byte for byte
 */
public record Inspection(GbcsMessage message, Optional<UseCase> useCase, Payload payload, boolean reencodesExactly,
        Check mac, Check signature, List<Decryption> decryptions) {

    public Inspection {
        decryptions = List.copyOf(decryptions);
    }

    /**
     * One protected payload found in the message.
     *
     * @param plaintext        the decrypted A-XDR value, or null when it could not be decrypted or decoded
     * @param status           what happened
     * @param reencryptsExactly encoding the plaintext and encrypting it again gives the received octets
     */
    public record Decryption(Status status, Data plaintext, boolean reencryptsExactly) {
        public enum Status {
            DECRYPTED,
            /** The keys needed are not in the key store. */
            NO_KEYS,
            /** The GCM tag did not verify. */
            TAG_MISMATCH,
            /** Decrypted, but the plaintext is not one A-XDR value. */
            PLAINTEXT_UNDECODABLE
        }
    }

    /** True when every check that could be made passed. */
    public boolean allChecksPass() {
        return reencodesExactly && mac != Check.INVALID && signature != Check.INVALID
                && decryptions.stream().allMatch(d -> d.status() == Decryption.Status.DECRYPTED
                        || d.status() == Decryption.Status.NO_KEYS);
    }
}
