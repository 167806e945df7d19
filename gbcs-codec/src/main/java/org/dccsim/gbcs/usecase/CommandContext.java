package org.dccsim.gbcs.usecase;

import java.util.Objects;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.frame.OtherInformation;

/**
 * Who sends a command to whom, with which originator counter; and, for commands the ACB originates on behalf
 * of a DCC User, the supplementary fields of other-information (whose message code is ignored here).
 */
public record CommandContext(Eui64 originator, Eui64 recipient, long counter, OtherInformation supplement) {
    public CommandContext {
        Objects.requireNonNull(originator, "originator");
        Objects.requireNonNull(recipient, "recipient");
    }

    public CommandContext(Eui64 originator, Eui64 recipient, long counter) {
        this(originator, recipient, counter, null);
    }

    /** Other-information for this context with the given message code. */
    public OtherInformation otherInformation(int messageCode) {
        if (supplement == null) {
            return OtherInformation.of(messageCode);
        }
        return new OtherInformation(messageCode, supplement.supplementaryRemotePartyId(),
                supplement.supplementaryRemotePartyCounter(), supplement.supplementaryOriginatorCounter(),
                supplement.supplementaryCertificate());
    }
}
