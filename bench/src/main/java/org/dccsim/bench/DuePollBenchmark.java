package org.dccsim.bench;

import java.time.Instant;
import java.util.Map;
import org.dccsim.clock.ManualClock;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.device.fleet.FleetSpec;
import org.dccsim.device.model.AssetType;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.InMemoryKeyStore;

/**
 * What the comms hub's due-poll costs an idle fleet: builds a generated fleet of N sites (an ESME and a SAPC each,
 * nothing scheduled) and times {@code Fleet.dueDevices()}, which the WAN link calls every 50-200 ms. Not a unit test:
 *
 * <pre>java -Xmx3g -cp bench/target/benchmarks.jar org.dccsim.bench.DuePollBenchmark 250000</pre>
 */
public final class DuePollBenchmark {
    private DuePollBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int sites = args.length > 0 ? Integer.parseInt(args[0]) : 250_000;
        FleetSpec spec = new FleetSpec(Instant.parse("2026-06-01T00:00:00Z"), Fleet.RTDS_TRUST, null,
                new FleetSpec.Generate(sites, 1, Map.of(AssetType.BATTERY, 1.0), 1L, null, null), null);
        Fleet fleet = Fleet.build(spec, new ManualClock(Instant.parse("2026-06-01T12:00:00Z")),
                new GbcsSecurity(new InMemoryKeyStore()));
        System.out.println("devices: " + fleet.euis().size());
        for (int round = 1; round <= 3; round++) {
            int calls = 200;
            long start = System.nanoTime();
            int due = 0;
            for (int i = 0; i < calls; i++) {
                due += fleet.dueDevices().size();
            }
            double ms = (System.nanoTime() - start) / 1e6 / calls;
            System.out.printf("round %d: dueDevices %.3f ms per call (%d due)%n", round, ms, due);
        }
    }
}
