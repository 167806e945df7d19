package org.dccsim.gbcs.usecase;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every GBCS message code we know, from our table {@code message-codes.tsv} (facts from the GBCS use-case
 * tables and the RTDS; regenerate with {@code tools/gen-message-codes.py}).
 */
public final class UseCaseRegistry {
    /**
     * The use cases a SAPC takes (a decision: GBCS names none for it beyond ECS52's title; we give it the
     * metering, clock, firmware and auxiliary controller use cases of an ESME, and, as an HCALCS is, the non-meter's
     * side of a method A join with its site's ESME: CS03A2, CS04AC, CS07; and, as every device, its own credentials,
     * CS02c-CS02e, and its remote parties' updates of their own cells, CS02b). The simulated SAPC answers others with
     * ECS100, and the head-end refuses them with E11.
     */
    public static final java.util.Set<String> SAPC_USE_CASES = java.util.Set.of("ECS17a", "ECS17b", "ECS22a", "ECS22b",
            "ECS22c", "ECS66", "ECS70", "ECS52", "ECS35a", "ECS35g", "ECS46a", "ECS46d", "ECS47a", "ECS47e", "ECS61d",
            "ECS61e", "CS02b", "CS02c", "CS02d", "CS02e", "CS02f", "CS02g", "CS03A2", "CS04AC", "CS07");

    private static final UseCaseRegistry DEFAULT = load();

    private final Map<Integer, UseCase> byCode;
    private final Map<String, UseCase> byId;

    private UseCaseRegistry(Map<Integer, UseCase> byCode) {
        this.byCode = byCode;
        Map<String, UseCase> ids = new HashMap<>();
        for (UseCase u : byCode.values()) {
            for (String id : u.id().split("/")) {
                ids.putIfAbsent(id, u);
            }
        }
        this.byId = ids;
    }

    public static UseCaseRegistry standard() {
        return DEFAULT;
    }

    public Optional<UseCase> byMessageCode(int code) {
        return Optional.ofNullable(byCode.get(code));
    }

    /** By use case id, e.g. "ECS47e". Where several codes share an id (CS02g), the lowest code. */
    public Optional<UseCase> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Collection<UseCase> all() {
        return byCode.values();
    }

    private static UseCaseRegistry load() {
        Map<Integer, UseCase> map = new LinkedHashMap<>();
        for (String[] f : org.dccsim.gbcs.internal.TsvResource.rows(UseCaseRegistry.class, "message-codes.tsv")) {
            int code = Integer.parseInt(f[0], 16);
            map.put(code, new UseCase(code, f[1], f[2], MessageType.parse(f[3]), flag(f[4]), flag(f[5]), family(f[6]),
                    flag(f[7]), roles(f[8]), list(f[9]).stream().collect(Collectors.toSet()), list(f[10])));
        }
        return new UseCaseRegistry(map);
    }

    private static Boolean flag(String s) {
        return "y".equals(s) ? Boolean.TRUE : "n".equals(s) ? Boolean.FALSE : null;
    }

    private static PayloadFamily family(String s) {
        switch (s) {
            case "DLMS": return PayloadFamily.DLMS;
            case "GBZ": return PayloadFamily.GBZ;
            case "ASN.1-DER": return PayloadFamily.ASN1_DER;
            default: return PayloadFamily.UNKNOWN;
        }
    }

    private static Set<Role> roles(String s) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        for (String r : list(s)) {
            out.add(Role.valueOf(r));
        }
        return out;
    }

    private static List<String> list(String s) {
        return "-".equals(s) || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }
}
