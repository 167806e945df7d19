package org.dccsim.gbcs.usecase;

import java.time.Instant;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.ObisCode;

/**
 * A range read of a log (a profile generic object's buffer, selector 1 on the entries' UTC time in seconds since
 * 2000): the event and security logs of ECS35a/b/f/g (RTDS-verified).
 */
public record LogRead(String useCaseId, ObisCode log, Instant from, Instant to) implements UseCaseCommand {
    public LogRead {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("a log read ends before it starts");
        }
    }

    @Override
    public DlmsItems items(CommandContext ctx) {
        return DlmsItems.builder().getWithSelection(new CosemAttribute(GbcsObjects.CLASS_PROFILE_GENERIC, log, 2), 1,
                ProtectedReads.rangeDescriptor(GbcsObjects.utcSeconds(from), GbcsObjects.utcSeconds(to))).build();
    }
}
