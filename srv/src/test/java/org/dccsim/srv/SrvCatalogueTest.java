package org.dccsim.srv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dccsim.duis.UserRole;
import org.dccsim.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Every hand-written binding against DUIS's own SRV table (../shared/reference/duis/srv-table.tsv): the body element,
 * criticality, the use cases, future dating, Unknown Remote Party credentials and the roles. Where dccsim decides
 * otherwise on purpose, the exception is listed here with its reason.
 */
class SrvCatalogueTest {
    /** Roles that differ from DUIS's matrix on purpose. */
    static final Map<String, String> ROLE_EXCEPTIONS = Map.of(
            // DUIS's matrix does not list 7.16; its templates come from the Load Controller test organisation (P375).
            "7.16", "LOAD_CONTROLLER",
            // 4.14: an Other User reads the prepayment log as an Unknown Remote Party (the RTDS's ECS21b URP command).
            "4.14", "SUPPLIER,OTHER_USER",
            // 8.5: DUIS's matrix does not list it; its template comes from the import supplier, whose ACB cell it hands on.
            "8.5", "SUPPLIER");

    /** One row of srv-table.tsv, the columns this test reads. */
    record Row(String srv, boolean critical, Set<String> useCases, String bodyElement, String bodyType, Set<UserRole> roles,
            String futureDated) {
    }

    static Map<String, Row> table() throws Exception {
        Path file = SharedData.require("reference/duis/srv-table.tsv");
        Map<String, Row> rows = new HashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            String[] body = f[4].split(" ", 2);
            rows.put(f[0], new Row(f[0], f[2].equals("y"), Set.of(f[3].split(";")), body[0],
                    body.length > 1 ? body[1].replaceAll("[()]", "") : "", roles(f[5]), f[10]));
        }
        return rows;
    }

    /** DUIS user roles: import, export and gas suppliers are SUPPLIER; distributors and transporters NETWORK_OPERATOR. */
    static Set<UserRole> roles(String duis) {
        Set<UserRole> r = EnumSet.noneOf(UserRole.class);
        for (String x : duis.split(",")) {
            switch (x.trim()) {
                case "IS", "ES", "GS" -> r.add(UserRole.SUPPLIER);
                case "ED", "GT" -> r.add(UserRole.NETWORK_OPERATOR);
                case "OU" -> r.add(UserRole.OTHER_USER);
                default -> {
                    // RSA (a registered supplier agent) is not a role dccsim models.
                }
            }
        }
        return r;
    }

    @Test
    void everyBinding_agreesWithDuissSrvTable() throws Exception {
        Map<String, Row> table = table();
        List<String> problems = new ArrayList<>();
        for (Srv srv : SrvCatalogue.standard().all()) {
            Row row = table.get(srv.variant());
            if (row == null) {
                problems.add(srv.variant() + ": not in DUIS's SRV table");
                continue;
            }
            if (!row.bodyElement().equals(srv.bodyElement())) {
                problems.add(srv.variant() + ": body " + srv.bodyElement() + ", DUIS " + row.bodyElement());
            }
            if (row.critical() != srv.critical()) {
                problems.add(srv.variant() + ": critical " + srv.critical() + ", DUIS " + row.critical());
            }
            for (String uc : srv.useCases()) {
                String id = Srv.registryId(uc);
                // The RTDS names one message two use cases (CCS05CCS04, 8.9's CHF log read): both must be DUIS's.
                boolean pair = id.matches("([A-Z]+[0-9]+){2}") && java.util.Arrays.stream(id.split("(?<=[0-9])(?=[A-Z])"))
                        .allMatch(row.useCases()::contains);
                if (!row.useCases().contains(id) && !pair) {
                    problems.add(srv.variant() + ": use case " + uc + " is not one of DUIS's " + row.useCases());
                }
            }
            Srv.FutureDating expected = switch (row.futureDated()) {
                case "DSP" -> Srv.FutureDating.DCC;
                case "Device" -> Srv.FutureDating.DEVICE;
                // 6.23 alone: the execution time travels in the command (the RTDS's future-dated CS02b, reported with
                // 0x00CB), so the device dates it; the DCC's own part is sending it as the Transitional CoS party.
                case "DSP & Device" -> Srv.FutureDating.DEVICE;
                default -> Srv.FutureDating.NONE;
            };
            if (expected != srv.futureDating()) {
                problems.add(srv.variant() + ": future dating " + srv.futureDating() + ", DUIS " + row.futureDated());
            }
            boolean urp = row.bodyType().endsWith("URPCredentials");
            if (urp != srv.urpCredentials()) {
                problems.add(srv.variant() + ": URP credentials " + srv.urpCredentials() + ", DUIS body type " + row.bodyType());
            }
            Set<UserRole> roles = row.roles();
            if (ROLE_EXCEPTIONS.containsKey(srv.variant())) {
                roles = EnumSet.noneOf(UserRole.class);
                for (String r : ROLE_EXCEPTIONS.get(srv.variant()).split(",")) {
                    roles.add(UserRole.valueOf(r));
                }
            }
            if (!roles.equals(srv.roles())) {
                problems.add(srv.variant() + ": roles " + srv.roles() + ", DUIS " + roles);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void catalogue_isInDuisOrderWithoutDuplicates() {
        List<String> variants = SrvCatalogue.standard().all().stream().map(Srv::variant).toList();
        assertThat(variants).startsWith("1.1.1", "1.1.2", "1.2.1", "1.2.2", "1.5", "1.6", "1.7", "2.1", "2.3", "2.5", "3.1").endsWith("11.2", "11.3");
        assertThat(variants).doesNotHaveDuplicates();
        assertThat(SrvCatalogue.compareVariants("4.8.1", "11.2")).isNegative();
        assertThat(SrvCatalogue.compareVariants("6.2.10", "6.2.9")).isPositive();
    }
}
