package org.dccsim.device;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dccsim.device.model.AssetModel;
import org.dccsim.device.model.AssetState;
import org.dccsim.device.model.AssetTrajectory;
import org.dccsim.device.model.ControlHistory;
import org.dccsim.device.model.EnergyTotals;
import org.dccsim.device.model.HouseholdModel;
import org.dccsim.device.model.Meter;
import org.dccsim.device.model.Weather;

/**
 * A P375 site: a boundary ESME with the household's uncontrolled demand behind it, and asset SAPCs, each
 * metering one asset driven by one of its auxiliary proportional controllers. The boundary meter sees the
 * household plus every asset's flow, minute by minute, so {@code primary = boundary - sum(assets)} equals the
 * household's demand up to metering resolution. When the boundary's load switch is open, nothing flows.
 */
public final class Site {
    /**
     * A SAPC and the asset it meters and controls on one of its APCs; or, for a switched load, the boundary ESME
     * and the auxiliary load control switch (1-5) the load hangs on.
     */
    public record Asset(Device sapc, AssetModel model, int controller) {
        public Asset {
            if (controller < 1 || controller > 5) {
                throw new IllegalArgumentException("APC or switch number must be 1 to 5");
            }
        }
    }

    private final String id;
    private final Device boundary;
    private final HouseholdModel household;
    private final List<Asset> assets;
    private final List<Asset> switched;
    /** The assets, then the switched loads: the order of {@link #controlled} and {@link #counterfactual}. */
    private final List<Asset> all;
    private final Weather weather;
    /** Per entry of {@link #all}: the run under its controls, and (made on first use) the run without any limit. */
    private final List<AssetTrajectory> controlled = new ArrayList<>();
    private final AssetTrajectory[] counterfactual;
    private final long epochMinute;

    public Site(String id, Device boundary, HouseholdModel household, List<Asset> assets, Instant epoch) {
        this(id, boundary, household, assets, List.of(), epoch, Weather.GB);
    }

    public Site(String id, Device boundary, HouseholdModel household, List<Asset> assets, Instant epoch, Weather weather) {
        this(id, boundary, household, assets, List.of(), epoch, weather);
    }

    /**
     * A site whose boundary ESME also drives {@code switched} loads through its auxiliary load control switches
     * (each an Asset whose device is the boundary ESME and whose controller is the switch, 1-5): part of the
     * primary demand, seen by the boundary meter only.
     */
    public Site(String id, Device boundary, HouseholdModel household, List<Asset> assets, List<Asset> switched, Instant epoch,
            Weather weather) {
        this.id = id;
        this.boundary = boundary;
        this.household = household;
        this.assets = List.copyOf(assets);
        this.switched = List.copyOf(switched);
        for (Asset a : this.assets) {
            if (a.model().type().switched() || a.sapc() == boundary) {
                throw new IllegalArgumentException("site " + id + ": a " + a.model().type() + " is not an asset a SAPC meters");
            }
        }
        for (Asset a : this.switched) {
            if (!a.model().type().switched() || a.sapc() != boundary) {
                throw new IllegalArgumentException("site " + id + ": a " + a.model().type()
                        + " is not a load behind the boundary ESME's switches");
            }
        }
        List<Asset> every = new ArrayList<>(this.assets);
        every.addAll(this.switched);
        this.all = List.copyOf(every);
        this.weather = weather;
        this.epochMinute = Meter.minuteOf(epoch);
        this.counterfactual = new AssetTrajectory[this.all.size()];
        for (Asset a : this.all) {
            AssetState start = AssetState.initial(a.model(), weather);
            controlled.add(new AssetTrajectory(start, epochMinute, new ControlInputs(a.sapc(), a.controller(), boundary)));
        }
        // A SAPC may drive several assets on different controllers; its meter sees them all.
        for (Device sapc : sapcs()) {
            List<AssetTrajectory> mine = new ArrayList<>();
            for (int i = 0; i < this.assets.size(); i++) {
                if (this.assets.get(i).sapc() == sapc) {
                    mine.add(controlled.get(i));
                }
            }
            sapc.attachMeter(new Meter(m -> {
                long w = 0;
                for (AssetTrajectory t : mine) {
                    w += t.powerW(m);
                }
                return w;
            }, epoch, initial(sapc, 1), initial(sapc, 2)));
        }
        boundary.attachMeter(new Meter(this::boundaryW, epoch, initial(boundary, 1), initial(boundary, 2)));
    }

    /**
     * An asset's APC level (from its SAPC's controller) and supply (the boundary's load switch), watching both
     * histories for changes. Without a SAPC, the level is 100 throughout: the counterfactual.
     */
    private static final class ControlInputs implements AssetTrajectory.Inputs {
        private final Device sapc;
        private final int controller;
        private final Device boundary;
        private ControlHistory seenLevel;
        private long seenLevelVersion;
        private ControlHistory seenSupply;
        private long seenSupplyVersion;

        ControlInputs(Device sapc, int controller, Device boundary) {
            this.sapc = sapc;
            this.controller = controller;
            this.boundary = boundary;
        }

        @Override
        public int levelPercent(long minute) {
            if (sapc == null) {
                return 100;
            }
            ControlHistory h = sapc.controllerIfSet(controller);
            return h == null ? 100 : h.levelAtSecond(minute * 60);
        }

        @Override
        public boolean supplyOn(long minute) {
            ControlHistory h = boundary.supplyIfSet();
            return h == null || h.levelAtSecond(minute * 60) > 0;
        }

        @Override
        public long changedSince() {
            ControlHistory level = sapc == null ? null : sapc.controllerIfSet(controller);
            ControlHistory supply = boundary.supplyIfSet();
            // The common case, asked every minute an asset steps: nothing changed, nothing to lock or allocate.
            if (level == seenLevel && (level == null || level.version() == seenLevelVersion) && supply == seenSupply
                    && (supply == null || supply.version() == seenSupplyVersion)) {
                return Long.MAX_VALUE;
            }
            return changes();
        }

        private long changes() {
            long changed = Long.MAX_VALUE;
            if (sapc != null) {
                ControlHistory h = sapc.controllerIfSet(controller);
                long[] c = since(seenLevel, seenLevelVersion, h);
                seenLevel = h;
                seenLevelVersion = c[1];
                changed = c[0];
            }
            ControlHistory s = boundary.supplyIfSet();
            long[] c = since(seenSupply, seenSupplyVersion, s);
            seenSupply = s;
            seenSupplyVersion = c[1];
            return Math.min(changed, c[0]);
        }

        /**
         * The first minute changed in {@code now} since what was seen, and its version; a history replaced (a
         * restore) counts as changed throughout.
         */
        private static long[] since(ControlHistory seen, long seenVersion, ControlHistory now) {
            if (now == null) {
                return new long[] {seen == null ? Long.MAX_VALUE : Long.MIN_VALUE, 0};
            }
            if (seen != null && now != seen) {
                return new long[] {Long.MIN_VALUE, now.changesSince(0)[1]};
            }
            return now.changesSince(now == seen ? seenVersion : 0);
        }
    }

    /**
     * The counterfactual run of entry i, made on first use (only drills ask): the same asset, seed and weather run
     * again with every APC limit and switching left out (the supply as it was), so what a limit moved later shows
     * as rebound against it.
     */
    private synchronized AssetTrajectory counterfactual(int i) {
        if (counterfactual[i] == null) {
            Asset a = all.get(i);
            counterfactual[i] = new AssetTrajectory(AssetState.initial(a.model(), weather), epochMinute,
                    new ControlInputs(null, a.controller(), boundary));
        }
        return counterfactual[i];
    }

    /** A plausible starting register reading, in Wh, from the device's EUI (deterministic). */
    private static long initial(Device d, int which) {
        return which == 1 ? 1_000_000 + Math.floorMod(d.eui().value(), 9_000_000) : Math.floorMod(d.eui().value(), 50_000);
    }

    private static Instant at(long minute) {
        return Instant.ofEpochSecond(minute * 60);
    }

    private long boundaryW(long minute) {
        // The assets' runs see the load switch themselves (nothing flows, time still passes for their state).
        ControlHistory supply = boundary.supplyIfSet();
        long w = supply == null || supply.levelAtSecond(minute * 60) > 0 ? -household.demandW(minute) : 0;
        for (AssetTrajectory t : controlled) {
            w += t.powerW(minute);
        }
        return w;
    }

    public String id() {
        return id;
    }

    public Device boundary() {
        return boundary;
    }

    public List<Asset> assets() {
        return assets;
    }

    public HouseholdModel household() {
        return household;
    }

    /**
     * The site's true primary demand over [from, to) in watt-minutes: the household's and its switched loads',
     * everything behind the boundary that no asset meter meters (what the primary volume should equal).
     */
    public long trueDemandWmin(Instant from, Instant to) {
        long total = 0;
        for (long m = Meter.minuteOf(from); m < Meter.minuteOf(to); m++) {
            if (boundary.supplyOn(at(m))) {
                total += household.demandW(m);
            }
            for (int i = assets.size(); i < all.size(); i++) {
                total -= controlled.get(i).powerW(m);
            }
        }
        return total;
    }

    /** The household's own demand over [from, to) in watt-minutes (no switched loads). */
    public long householdWmin(Instant from, Instant to) {
        long total = 0;
        for (long m = Meter.minuteOf(from); m < Meter.minuteOf(to); m++) {
            if (boundary.supplyOn(at(m))) {
                total += household.demandW(m);
            }
        }
        return total;
    }

    /** The loads behind the boundary ESME's auxiliary load control switches. */
    public List<Asset> switchedLoads() {
        return switched;
    }

    /**
     * What a SAPC would have metered over [from, to) had no APC limit ever been set: its assets run again from the
     * epoch without limits (the counterfactual), netted minute by minute as its meter sees them.
     */
    public EnergyTotals sapcBaseline(Device sapc, Instant from, Instant to) {
        List<AssetTrajectory> mine = new ArrayList<>();
        for (int i = 0; i < assets.size(); i++) {
            if (assets.get(i).sapc() == sapc) {
                mine.add(counterfactual(i));
            }
        }
        return EnergyTotals.integrate(m -> {
            long w = 0;
            for (AssetTrajectory t : mine) {
                w += t.powerW(m);
            }
            return w;
        }, Meter.minuteOf(from), Meter.minuteOf(to));
    }

    /** What an asset would have done over [from, to) had no APC limit ever been set: the counterfactual run. */
    public EnergyTotals assetBaseline(Asset a, Instant from, Instant to) {
        return EnergyTotals.integrate(counterfactual(indexOf(a)), Meter.minuteOf(from), Meter.minuteOf(to));
    }

    /** The asset's power over one minute (since the Unix epoch) had no APC limit ever been set, export positive. */
    public long counterfactualW(Asset a, long minute) {
        return counterfactual(indexOf(a)).powerW(minute);
    }

    /** What an asset did over [from, to) under its controls, as the model ran it (its meter's share). */
    public EnergyTotals assetActual(Asset a, Instant from, Instant to) {
        return EnergyTotals.integrate(controlled.get(indexOf(a)), Meter.minuteOf(from), Meter.minuteOf(to));
    }

    /** The asset's physical state at {@code t} under its controls (state of charge, indoor temperature, ...). */
    public AssetState assetState(Asset a, Instant t) {
        return controlled.get(indexOf(a)).stateAt(Meter.minuteOf(t));
    }

    /** The asset's state at {@code t} had no APC limit ever been set. */
    public AssetState counterfactualState(Asset a, Instant t) {
        return counterfactual(indexOf(a)).stateAt(Meter.minuteOf(t));
    }

    public Weather weather() {
        return weather;
    }

    private int indexOf(Asset a) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) == a) {
                return i;
            }
        }
        throw new IllegalArgumentException("not an asset of site " + id);
    }

    /** The distinct SAPCs of the site, in the order their assets were given. */
    public List<Device> sapcs() {
        List<Device> out = new ArrayList<>();
        for (Asset a : assets) {
            if (!out.contains(a.sapc())) {
                out.add(a.sapc());
            }
        }
        return out;
    }

    public List<Device> devices() {
        List<Device> out = new ArrayList<>();
        out.add(boundary);
        out.addAll(sapcs());
        return out;
    }
}
