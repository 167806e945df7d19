package org.dccsim.gbcs.usecase;

import java.time.Instant;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.ObisCode;

/**
 * Read a half-hour profile over a period (SRV 4.8.x): ECS22b active import (a protected read, encrypted for the
 * requester), ECS22a active export and ECS22c reactive import (range reads on UTC seconds).
 */
public record ReadProfile(Kind kind, Instant from, Instant to) implements UseCaseCommand {

    public enum Kind {
        ACTIVE_IMPORT("ECS22b", GbcsObjects.ACTIVE_IMPORT_PROFILE),
        ACTIVE_EXPORT("ECS22a", GbcsObjects.ACTIVE_EXPORT_PROFILE),
        REACTIVE_IMPORT("ECS22c", GbcsObjects.REACTIVE_IMPORT_PROFILE);

        final String useCaseId;
        final ObisCode profile;

        Kind(String useCaseId, ObisCode profile) {
            this.useCaseId = useCaseId;
            this.profile = profile;
        }

        public ObisCode profile() {
            return profile;
        }
    }

    public ReadProfile {
        if (!to.isAfter(from) && !to.equals(from)) {
            throw new IllegalArgumentException("profile read ends before it starts");
        }
    }

    @Override
    public String useCaseId() {
        return kind.useCaseId;
    }

    @Override
    public DlmsItems items(CommandContext ctx) {
        if (kind == Kind.ACTIVE_IMPORT) {
            return DlmsItems.builder().action(ProtectedReads.method(GbcsObjects.PROTECTION_PROFILE),
                    ProtectedReads.parameter(GbcsObjects.CLASS_PROFILE_GENERIC, kind.profile, 2,
                            CosemDateTime.ofInstant(from), CosemDateTime.ofInstant(to), ctx)).build();
        }
        return DlmsItems.builder().getWithSelection(new CosemAttribute(GbcsObjects.CLASS_PROFILE_GENERIC, kind.profile, 2), 1,
                ProtectedReads.rangeDescriptor(GbcsObjects.utcSeconds(from), GbcsObjects.utcSeconds(to))).build();
    }
}
