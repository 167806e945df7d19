package org.dccsim.srv;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What DUIS lets the DSP run on a schedule (5.1 Create Schedule): the SRVs of its DSPScheduledServiceReferenceVariant
 * (14.1 is gas and left out), and for each whether its request reads over a period, given in the schedule as a
 * ReadLogPeriodOffset rather than a DSPReadData. A schedule's request element is DSP plus the SRV's body element
 * (DSPReadActiveImportProfileData runs ReadActiveImportProfileData). The head-end and {@code dccsim sr schedule} both
 * read this.
 */
public final class DspScheduling {
    /** Schedulable SRV to whether its request has a ReadLogPeriod (DUIS XSD DSPSchedule's choice). */
    private static final Map<String, Boolean> SCHEDULABLE = Map.ofEntries(Map.entry("4.2", false), Map.entry("4.6.1", true),
            Map.entry("4.6.2", true), Map.entry("4.8.1", true), Map.entry("4.8.2", true), Map.entry("4.8.3", true),
            Map.entry("4.10", true), Map.entry("4.12.1", false), Map.entry("4.12.2", false), Map.entry("4.14", true),
            Map.entry("4.15", false), Map.entry("4.16", false), Map.entry("4.17", true));

    private DspScheduling() {
    }

    public static Set<String> schedulable() {
        return SCHEDULABLE.keySet();
    }

    public static boolean schedulable(String srv) {
        return SCHEDULABLE.containsKey(srv);
    }

    /** Whether the SRV's scheduled request reads over a period (ReadLogPeriodOffset). */
    public static boolean readsOverAPeriod(String srv) {
        return SCHEDULABLE.getOrDefault(srv, false);
    }

    /** The schedule's request element for an SRV dccsim supports: "DSP" and its body element; empty otherwise. */
    public static Optional<String> requestElement(SrvCatalogue catalogue, String srv) {
        return schedulable(srv) ? catalogue.get(srv).map(s -> "DSP" + s.bodyElement()) : Optional.empty();
    }
}
