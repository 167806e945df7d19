package org.dccsim.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dccsim.clock.ManualClock;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.device.fleet.FleetSpecs;
import org.dccsim.gbcs.testing.TestParties;
import org.junit.jupiter.api.Test;

/**
 * A site's meters read each other's state (the boundary meter its assets' controller levels, a SAPC the site's
 * supply state) from different device threads. Regression: each took the other's monitor, and a boundary-meter
 * read and a SAPC read on two threads deadlocked a drill.
 */
class SiteLockingTest {
    @Test
    void boundaryMeterRead_completesWhileAnotherThreadHoldsItsSapc() throws Exception {
        Fleet fleet = Fleet.build(FleetSpecs.parse(String.join("\n",
                "sites:",
                "  - id: home",
                "    esme: 00DB1234567890A0",
                "    assets: [ { sapc: 00DB1234567890A6, type: BATTERY } ]",
                ""), true, "site.yaml"), new ManualClock(Instant.parse("2026-06-01T12:00:00Z")), TestParties.security());
        Site site = fleet.sites().get(0);
        Device sapc = site.sapcs().get(0);
        Instant from = Instant.parse("2026-06-01T00:00:00Z");
        Instant to = Instant.parse("2026-06-01T01:00:00Z");
        synchronized (sapc) {
            CompletableFuture<Long> boundary = CompletableFuture.supplyAsync(
                    () -> site.boundary().meter().between(from, to).importWh());
            assertThat(boundary.get(5, TimeUnit.SECONDS)).isPositive();
        }
        synchronized (site.boundary()) {
            CompletableFuture<Long> asset = CompletableFuture.supplyAsync(() -> sapc.meter().between(from, to).importWh());
            assertThat(asset.get(5, TimeUnit.SECONDS)).isPositive(); // the battery charges overnight
        }
    }
}
