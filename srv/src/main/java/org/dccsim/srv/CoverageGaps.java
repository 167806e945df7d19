package org.dccsim.srv;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the SRV catalogue does not send, and why, in one place: the SRVs of electricity and hub use cases it lacks, and
 * the use cases of SRVs it has that it never sends though DCC's templates use them. The head-end gives the SRV's
 * reason with its E12; docs/srv-coverage.md lists both tables; the parity suite fails for any ESME, SAPC or hub
 * template that is neither transformed to its RTDS message nor listed here, and for a use case listed here that no
 * template uses.
 */
public final class CoverageGaps {
    private static final Map<String, String> SRVS;
    private static final Map<String, String> USE_CASES;

    static {
        Map<String, String> srvs = new TreeMap<>(SrvCatalogue::compareVariants);
        srvs.put("2.2", "Top Up Device (CS01a): the ESME checks the UTRN and reads the credit from it with GBCS's "
                + "Prepayment Top-up Token algorithm, which ../shared does not hold");
        srvs.put("6.22", "Configure Alert Behaviour (ECS25a/b): a mask and settings of 256 bits each, whose bit positions "
                + "GBCS's alert table gives per alert code; ../shared pins about a dozen of them, not the table (the "
                + "simulated ESME takes DCC's ECS25 messages)");
        srvs.put("8.12.2", "Restore HAN Device Log (GPF, GCS59): a gas proxy function's log; no gas devices are simulated");
        srvs.put("11.1", "Update Firmware: the DSP's distribution of an image to hubs and devices; a simulated device runs "
                + "whatever image 11.3 names");
        srvs.put("11.4", "Update PPMID Firmware: no PPMIDs are simulated");
        SRVS = Collections.unmodifiableMap(srvs);
        Map<String, String> ucs = new LinkedHashMap<>();
        String gas = "no gas devices are simulated";
        ucs.put("CCS06", "8.9 to a hub: the same request as CCS05/CCS04 (their templates are identical), which dccsim "
                + "sends; the hub answers both");
        ucs.put("CS03B", "8.7.2's join of a gas device: " + gas);
        ucs.put("CS03CCritical", "8.7.1's join of a gas device: " + gas);
        ucs.put("CS03CNonCritical", "8.7.2's join of a gas device: " + gas);
        ucs.put("CS04B", "8.8.2's unjoin of a gas device: " + gas);
        ucs.put("CS08", "11.2 to a PPMID: no PPMIDs are simulated");
        ucs.put("CS10a", "6.13 to a gas meter: " + gas);
        ucs.put("CS10b", "6.13 to a gas meter: " + gas);
        ucs.put("CS11", "3.3 to a gas meter: " + gas);
        ucs.put("ECS08", "2.1's earlier form, which GBCS's use-case table no longer lists; dccsim sends ECS08a (the ESME "
                + "takes both)");
        ucs.put("ECS23b", "4.10 to a polyphase ESME; dccsim's ESMEs are single-phase, so 4.10 goes out as ECS23 (the ESME "
                + "takes both)");
        ucs.put("ECS26d", "6.2.3's earlier form; dccsim sends ECS26l (the ESME takes both)");
        ucs.put("ECS26e", "6.2.4's earlier form; dccsim sends ECS26m (the ESME takes both)");
        ucs.put("ECS26i", "6.2.4 to a hub, earlier form; dccsim sends ECS26n (the hub takes both)");
        USE_CASES = Collections.unmodifiableMap(ucs);
    }

    private CoverageGaps() {
    }

    /** Why the catalogue has no binding for this SRV, where it is one of the electricity or hub SRVs it lacks. */
    public static Optional<String> srv(String variant) {
        return Optional.ofNullable(variant == null ? null : SRVS.get(variant));
    }

    /** Every SRV the catalogue lacks on purpose, in DUIS order, with the reason. */
    public static Map<String, String> srvs() {
        return SRVS;
    }

    /** Why the head-end never sends this use case (by the RTDS's name for it) though one of its SRVs is supported. */
    public static Optional<String> useCase(String rtdsName) {
        return Optional.ofNullable(USE_CASES.get(rtdsName));
    }

    public static Map<String, String> useCases() {
        return USE_CASES;
    }

    /**
     * SRVs whose DUIS templates in ../shared carry certificates re-issued after DCC made the RTDS messages (6.15.1's
     * Load Controller, supplier and network operator certificates, 6.23's new supplier's, 8.5's new ACB's): their
     * templates match the RTDS messages with the certificates set aside, which the parity suite checks, and are not
     * counted as byte for byte. 6.21's hand a DCC-controlled device's cell to a supplier or network operator.
     */
    public static final java.util.Set<String> TEMPLATES_WITH_REISSUED_CERTIFICATES = java.util.Set.of("6.15.1", "6.21", "6.23",
            "8.5");

    /** The E12 a request for an SRV the catalogue lacks gets: the SRV, and why where dccsim knows. */
    public static org.dccsim.duis.DuisException notSupported(String variant) {
        return new org.dccsim.duis.DuisException(org.dccsim.duis.DuisCodes.E12, "SRV " + variant
                + " is not supported by dccsim" + srv(variant).map(r -> ": " + r).orElse(""));
    }
}
