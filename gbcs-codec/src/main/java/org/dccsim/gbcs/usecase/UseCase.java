package org.dccsim.gbcs.usecase;

import java.util.List;
import java.util.Set;

/**
 * What GBCS says about one message code: the use case, its name, whether commands are critical, future-datable
 * and replay-protected, which remote party roles may send it, which devices take it, how its payload is
 * encoded, whether its responses carry a date-time in the General-Signing header, and the DUIS SRVs that
 * produce it.
 *
 * @param futureDatable   null where the tables do not say
 * @param replayProtected null where the tables do not say
 * @param responseDateTime null where the RTDS has no response to show it
 */
public record UseCase(int messageCode, String id, String name, MessageType messageType, Boolean futureDatable,
        Boolean replayProtected, PayloadFamily payloadFamily, Boolean responseDateTime, Set<Role> roles,
        Set<String> deviceTypes, List<String> serviceReferenceVariants) {

    public UseCase {
        roles = Set.copyOf(roles);
        deviceTypes = Set.copyOf(deviceTypes);
        serviceReferenceVariants = List.copyOf(serviceReferenceVariants);
    }

    public boolean critical() {
        return messageType == MessageType.CRITICAL_COMMAND || messageType == MessageType.CRITICAL_ALERT;
    }

    public boolean mayBeSentBy(Role role) {
        return roles.contains(role);
    }

    /** "ECS22b Read Electricity Half Hour Profile Data (active import)". */
    public String displayName() {
        return name.isEmpty() ? id : id + " " + name;
    }
}
