package org.dccsim.device;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dccsim.device.model.AssetModel;
import org.dccsim.device.model.EnergyTotals;
import org.dccsim.device.model.HouseholdModel;
import org.dccsim.device.model.Meter;

/**
 * A P375 site: a boundary ESME with the household's uncontrolled demand behind it, and asset SAPCs, each
 * metering one asset driven by one of its auxiliary proportional controllers. The boundary meter sees the
 * household plus every asset's flow, minute by minute, so {@code primary = boundary - sum(assets)} equals the
 * household's demand up to metering resolution. When the boundary's load switch is open, nothing flows.
 */
public final class Site {
    /** A SAPC and the asset it meters and controls. */
    public record Asset(SmartDevice sapc, AssetModel model, int controller) {
        public Asset {
            if (controller < 1 || controller > 5) {
                throw new IllegalArgumentException("APC number must be 1 to 5");
            }
        }
    }

    private final String id;
    private final SmartDevice boundary;
    private final HouseholdModel household;
    private final List<Asset> assets;

    public Site(String id, SmartDevice boundary, HouseholdModel household, List<Asset> assets, Instant epoch) {
        this.id = id;
        this.boundary = boundary;
        this.household = household;
        this.assets = List.copyOf(assets);
        // A SAPC may drive several assets on different controllers; its meter sees them all.
        for (SmartDevice sapc : sapcs()) {
            List<Asset> mine = this.assets.stream().filter(a -> a.sapc() == sapc).toList();
            sapc.attachMeter(new Meter(m -> {
                long w = 0;
                for (Asset a : mine) {
                    w += assetW(a, m);
                }
                return w;
            }, epoch, initial(sapc, 1), initial(sapc, 2)));
        }
        boundary.attachMeter(new Meter(this::boundaryW, epoch, initial(boundary, 1), initial(boundary, 2)));
    }

    /** A plausible starting register reading, in Wh, from the device's EUI (deterministic). */
    private static long initial(SmartDevice d, int which) {
        return which == 1 ? 1_000_000 + Math.floorMod(d.eui().value(), 9_000_000) : Math.floorMod(d.eui().value(), 50_000);
    }

    private static Instant at(long minute) {
        return Instant.ofEpochSecond(minute * 60);
    }

    private long assetW(Asset a, long minute) {
        Instant t = at(minute);
        if (!boundary.supplyOn(t)) {
            return 0;
        }
        return a.model().controlledW(minute, a.sapc().controllerLevel(a.controller(), t));
    }

    private long boundaryW(long minute) {
        if (!boundary.supplyOn(at(minute))) {
            return 0;
        }
        long w = -household.demandW(minute);
        for (Asset a : assets) {
            w += assetW(a, minute);
        }
        return w;
    }

    public String id() {
        return id;
    }

    public SmartDevice boundary() {
        return boundary;
    }

    public List<Asset> assets() {
        return assets;
    }

    public HouseholdModel household() {
        return household;
    }

    /** The household's true demand over [from, to) in watt-minutes (what the primary volume should equal). */
    public long trueDemandWmin(Instant from, Instant to) {
        long total = 0;
        for (long m = Meter.minuteOf(from); m < Meter.minuteOf(to); m++) {
            if (boundary.supplyOn(at(m))) {
                total += household.demandW(m);
            }
        }
        return total;
    }

    /**
     * What a SAPC would have metered over [from, to) with no APC limit (its assets netted minute by minute, as
     * its meter sees them): the counterfactual baseline.
     */
    public EnergyTotals sapcBaseline(SmartDevice sapc, Instant from, Instant to) {
        List<Asset> mine = assets.stream().filter(a -> a.sapc() == sapc).toList();
        return EnergyTotals.integrate(m -> {
            if (!boundary.supplyOn(at(m))) {
                return 0;
            }
            long w = 0;
            for (Asset a : mine) {
                w += a.model().uncontrolledW(m);
            }
            return w;
        }, Meter.minuteOf(from), Meter.minuteOf(to));
    }

    /** What an asset would have done over [from, to) with no APC limit: the counterfactual baseline. */
    public EnergyTotals assetBaseline(Asset a, Instant from, Instant to) {
        return EnergyTotals.integrate(m -> boundary.supplyOn(at(m)) ? a.model().uncontrolledW(m) : 0, Meter.minuteOf(from),
                Meter.minuteOf(to));
    }

    /** The distinct SAPCs of the site, in the order their assets were given. */
    public List<SmartDevice> sapcs() {
        List<SmartDevice> out = new ArrayList<>();
        for (Asset a : assets) {
            if (!out.contains(a.sapc())) {
                out.add(a.sapc());
            }
        }
        return out;
    }

    public List<SmartDevice> devices() {
        List<SmartDevice> out = new ArrayList<>();
        out.add(boundary);
        out.addAll(sapcs());
        return out;
    }
}
