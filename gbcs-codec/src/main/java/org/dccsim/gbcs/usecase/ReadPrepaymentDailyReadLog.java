package org.dccsim.gbcs.usecase;

import java.time.Instant;
import org.dccsim.gbcs.dlms.CosemDateTime;

/**
 * ECS21b Read Prepayment Daily Read Log (SRV 4.14): a protected read of the prepayment daily read log over a
 * period. The RTDS has it for a known party and for an Unknown Remote Party, which makes it the check of the
 * URP encoding (the certificate in other-information, the party in the protection parameters).
 */
public record ReadPrepaymentDailyReadLog(CosemDateTime from, CosemDateTime to) implements UseCaseCommand {

    public static ReadPrepaymentDailyReadLog between(Instant from, Instant to) {
        return new ReadPrepaymentDailyReadLog(CosemDateTime.ofInstant(from), CosemDateTime.ofInstant(to));
    }

    @Override
    public String useCaseId() {
        return "ECS21b";
    }

    @Override
    public DlmsItems items(CommandContext ctx) {
        return DlmsItems.builder().action(ProtectedReads.method(GbcsObjects.PROTECTION_PREPAYMENT_LOG),
                ProtectedReads.parameter(GbcsObjects.CLASS_PROFILE_GENERIC, GbcsObjects.PREPAYMENT_DAILY_READ_LOG, 2, from, to,
                        ctx)).build();
    }
}
