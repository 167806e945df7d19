package org.dccsim.gbcs.usecase;

import java.time.Instant;
import org.dccsim.gbcs.dlms.CosemDateTime;

/** ECS66 Read ESME Daily Read log(s) (SRV 4.17): a protected read of the daily read log over a period. */
public record ReadDailyReadLog(CosemDateTime from, CosemDateTime to) implements UseCaseCommand {

    public static ReadDailyReadLog between(Instant from, Instant to) {
        return new ReadDailyReadLog(CosemDateTime.ofInstant(from), CosemDateTime.ofInstant(to));
    }

    @Override
    public String useCaseId() {
        return "ECS66";
    }

    @Override
    public DlmsItems items(CommandContext ctx) {
        return DlmsItems.builder().action(ProtectedReads.method(GbcsObjects.PROTECTION_DAILY_LOG),
                ProtectedReads.parameter(GbcsObjects.CLASS_PROFILE_GENERIC, GbcsObjects.DAILY_READ_LOG, 2, from, to, ctx))
                .build();
    }
}
