package org.dccsim.device.model;

/**
 * An asset's physical state at the start of a minute, and how one minute of operation changes it. Each type
 * follows a stated policy (what its owner or its VLP's optimiser would make it do) and the physics of its
 * store of energy, so a limit now changes what the asset does later: a battery charged less has less to
 * discharge, an EV session limited now charges longer afterwards, a house that cooled while its heat pump was
 * held back is heated back up. Formulas and sources: docs/drill-scenario.md, "Asset physics".
 *
 * <p>Power is signed as at the meter: export positive, import negative. A state also keeps the electrical
 * energy it drew and gave ({@link #importWmin()}, {@link #exportWmin()}), exactly as a meter would integrate it,
 * so a drill can compare what the meters read with what the asset's state says happened.
 */
public abstract sealed class AssetState permits AssetState.Battery, AssetState.EvCharger, AssetState.HeatPump,
        AssetState.Generator, AssetState.StorageHeater, AssetState.ImmersionHeater {
    protected final AssetModel model;
    protected final Weather weather;
    private long importWmin;
    private long exportWmin;

    AssetState(AssetModel model, Weather weather) {
        this.model = model;
        this.weather = weather;
    }

    AssetState(AssetState o) {
        this.model = o.model;
        this.weather = o.weather;
        this.importWmin = o.importWmin;
        this.exportWmin = o.exportWmin;
    }

    /** The state an asset starts in at the fleet's epoch. */
    public static AssetState initial(AssetModel model, Weather weather) {
        switch (model.type()) {
            case BATTERY:
                return new Battery(model, weather);
            case EV_CHARGER:
                return new EvCharger(model, weather);
            case HEAT_PUMP:
                return new HeatPump(model, weather);
            case GENERATOR:
                return new Generator(model, weather);
            case STORAGE_HEATER:
                return new StorageHeater(model, weather);
            case IMMERSION_HEATER:
                return new ImmersionHeater(model, weather);
            default:
                throw new IllegalStateException(model.type().name());
        }
    }

    /**
     * Runs the asset for one minute under an APC level (percent of its maximum in its controlled direction; 100
     * is no limit) with its supply on or off, and returns the power its meter sees over that minute.
     */
    public final long step(long minute, int levelPercent, boolean supplyOn) {
        long p;
        if (!supplyOn) {
            p = advance(minute, 0, 0L);
        } else {
            int level = model.fault() == AssetModel.Fault.LIMIT_IGNORED ? 100 : Math.max(0, Math.min(100, levelPercent));
            p = advance(minute, level, model.schedule().wattsAt(minute));
        }
        if (p < 0) {
            importWmin -= p;
        } else {
            exportWmin += p;
        }
        return model.fault() == AssetModel.Fault.SIGN_FLIPPED ? -p : p;
    }

    /**
     * One minute of the asset's own physics: its policy's power (or {@code scheduledW}, a scripted power, when
     * not null) within the level's cap and the store's limits; updates the state and returns the power.
     */
    abstract long advance(long minute, int levelPercent, Long scheduledW);

    public abstract AssetState copy();

    public AssetModel model() {
        return model;
    }

    /** Electrical energy drawn since the epoch, in watt-minutes (what the asset's meter integrates as import). */
    public long importWmin() {
        return importWmin;
    }

    /** Electrical energy given since the epoch, in watt-minutes. */
    public long exportWmin() {
        return exportWmin;
    }

    /** The cap on power in the controlled direction under a level: a share of the asset's maximum. */
    static long cap(int maxW, int levelPercent) {
        return (long) maxW * levelPercent / 100;
    }

    /**
     * A home battery on a time-of-use tariff, as a VLP's optimiser runs it: charges at full power through the
     * cheap night (00:00-05:00) and at half power over midday (12:00-14:00, solar surplus), discharges at full
     * power into the evening peak (16:30-19:30), each window shifted by -15, 0 or +15 minutes a day. Usable
     * capacity is 2.7 hours at its larger power (a 5 kW / 13.5 kWh home battery), 5 % held in reserve; charging
     * and discharging are each 95 % efficient (about 90 % round trip). An APC limit caps charging.
     */
    public static final class Battery extends AssetState {
        public static final double EFFICIENCY = 0.95;
        private final double capacityWh;
        private final double reserveWh;
        private double socWh;
        private double chargedWh;
        private double dischargedWh;

        Battery(AssetModel model, Weather weather) {
            super(model, weather);
            this.capacityWh = 2.7 * Math.max(model.maxImportW(), model.maxExportW());
            this.reserveWh = 0.05 * capacityWh;
            this.socWh = 0.5 * capacityWh;
        }

        private Battery(Battery o) {
            super(o);
            this.capacityWh = o.capacityWh;
            this.reserveWh = o.reserveWh;
            this.socWh = o.socWh;
            this.chargedWh = o.chargedWh;
            this.dischargedWh = o.dischargedWh;
        }

        @Override
        long advance(long minute, int levelPercent, Long scheduledW) {
            long wanted = scheduledW != null ? Math.max(-model.maxImportW(), Math.min(model.maxExportW(), scheduledW))
                    : policyW(minute);
            if (wanted < 0) {
                long room = (long) Math.floor((capacityWh - socWh) * 60 / EFFICIENCY);
                long w = Math.min(Math.min(-wanted, cap(model.maxImportW(), levelPercent)), Math.max(0, room));
                socWh += w / 60.0 * EFFICIENCY;
                chargedWh += w / 60.0;
                return -w;
            }
            if (wanted > 0) {
                long available = (long) Math.floor((socWh - reserveWh) * 60 * EFFICIENCY);
                long w = Math.min(wanted, Math.max(0, available));
                socWh -= w / 60.0 / EFFICIENCY;
                dischargedWh += w / 60.0;
                return w;
            }
            return 0;
        }

        private long policyW(long minute) {
            long day = Math.floorDiv(minute, 1440);
            int m = (int) Math.floorMod(minute, 1440);
            int shift = (int) Math.floorMod(Noise.mix(model.seed(), day), 3) * 15 - 15;
            if (m < 300) {
                return -model.maxImportW();
            }
            if (m >= 720 + shift && m < 840 + shift) {
                return -model.maxImportW() / 2;
            }
            if (m >= 990 + shift && m < 1170 + shift) {
                return model.maxExportW();
            }
            return 0;
        }

        @Override
        public Battery copy() {
            return new Battery(this);
        }

        public double capacityWh() {
            return capacityWh;
        }

        /** Energy stored, in Wh. */
        public double socWh() {
            return socWh;
        }

        /** Energy taken from the supply to charge, since the epoch, in Wh (AC side). */
        public double chargedWh() {
            return chargedWh;
        }

        /** Energy given to the supply, since the epoch, in Wh (AC side). */
        public double dischargedWh() {
            return dischargedWh;
        }
    }

    /**
     * A home EV charger with one session a day: the car arrives between 17:30 and 20:30, leaves the next
     * morning between 06:30 and 08:00, and needs 4 to 24 kWh (never more than 90 % of what the charger could
     * give over the stay). The charger draws its full power until the car has what it needs; under an APC limit
     * it draws less and catches up afterwards, so a limit moves energy later without losing it unless the car
     * leaves first (then the shortfall is the session's unmet energy).
     */
    public static final class EvCharger extends AssetState {
        private long sessionDay = Long.MIN_VALUE;
        private double deliveredWh;
        private double neededWh;
        private long sessions;
        private double unmetWh;

        EvCharger(AssetModel model, Weather weather) {
            super(model, weather);
        }

        private EvCharger(EvCharger o) {
            super(o);
            this.sessionDay = o.sessionDay;
            this.deliveredWh = o.deliveredWh;
            this.neededWh = o.neededWh;
            this.sessions = o.sessions;
            this.unmetWh = o.unmetWh;
        }

        /** Arrival minute of the session that starts on {@code day}. */
        public long arrival(long day) {
            return day * 1440 + 1050 + Math.floorMod(Noise.mix(model.seed(), day), 180);
        }

        /** Departure minute of the session that starts on {@code day} (the next morning). */
        public long departure(long day) {
            return (day + 1) * 1440 + 390 + Math.floorMod(Noise.mix(model.seed() ^ 0xD1B54A32D192ED03L, day), 90);
        }

        /** Energy the car of {@code day}'s session needs, in Wh. */
        public double needed(long day) {
            double wanted = 4000 + 20000 * Noise.unit(model.seed() ^ 0x5A5A, day);
            double possible = 0.9 * model.maxImportW() * (departure(day) - arrival(day)) / 60.0;
            return Math.min(wanted, possible);
        }

        @Override
        long advance(long minute, int levelPercent, Long scheduledW) {
            long day = Math.floorDiv(minute, 1440);
            long present = Long.MIN_VALUE;
            for (long d = day - 1; d <= day; d++) {
                if (minute >= arrival(d) && minute < departure(d)) {
                    present = d;
                }
            }
            if (sessionDay != Long.MIN_VALUE && present != sessionDay) {
                // The car left: what it did not get is unmet.
                unmetWh += Math.max(0, neededWh - deliveredWh);
                sessions++;
                sessionDay = Long.MIN_VALUE;
            }
            if (present == Long.MIN_VALUE) {
                return scheduledW != null ? Math.max(-model.maxImportW(), Math.min(0, scheduledW)) : 0;
            }
            if (sessionDay != present) {
                sessionDay = present;
                neededWh = needed(present);
                deliveredWh = 0;
            }
            long w;
            if (scheduledW != null) {
                w = Math.max(0, Math.min(model.maxImportW(), -scheduledW));
            } else {
                long remaining = (long) Math.ceil((neededWh - deliveredWh) * 60);
                w = Math.max(0, Math.min(model.maxImportW(), remaining));
            }
            w = Math.min(w, cap(model.maxImportW(), levelPercent));
            deliveredWh += w / 60.0;
            return -w;
        }

        @Override
        public EvCharger copy() {
            return new EvCharger(this);
        }

        /** Whether a car is plugged in (a session running). */
        public boolean pluggedIn() {
            return sessionDay != Long.MIN_VALUE;
        }

        /** Energy the plugged-in car has had this session, in Wh (0 with none). */
        public double deliveredWh() {
            return pluggedIn() ? deliveredWh : 0;
        }

        /** Energy the plugged-in car needs this session, in Wh (0 with none). */
        public double neededWh() {
            return pluggedIn() ? neededWh : 0;
        }

        /** Sessions ended since the epoch. */
        public long sessionsEnded() {
            return sessions;
        }

        /** Energy cars left without, over every ended session, in Wh. */
        public double unmetWh() {
            return unmetWh;
        }
    }

    /**
     * An air-source heat pump heating a house modelled as one thermal mass (first order, "1R1C"):
     * {@code C dT/dt = Q - UA (T - Tout)}. The heat pump holds 20 C with a proportional controller that adds
     * the heat to recover the set point over about three hours, {@code Q = UA (20 - Tout) + C (20 - T) / 3 h},
     * within its thermal capacity {@code COP x Pmax}. COP follows Staffell et al. (2012), "A review of
     * domestic heat pumps", for air-source units: {@code 6.81 - 0.121 dT + 0.000630 dT^2}, dT the lift from
     * outdoor air to a 45 C flow. The house is sized so the heat pump covers 70-90 % of its capacity at -3 C
     * ({@code UA}), with a time constant {@code C / UA} of 20-40 hours (seeded per house). Under an APC limit
     * the house cools, and the heat pump draws more than it would have afterwards until it is warm again: the
     * rebound.
     */
    public static final class HeatPump extends AssetState {
        public static final double SET_POINT_C = 20;
        public static final double FLOW_C = 45;
        private static final double DESIGN_OUTDOOR_C = -3;
        private static final double RECOVERY_SECONDS = 3 * 3600;
        private final double uaWPerK;
        private final double capacitanceJPerK;
        private double indoorC = SET_POINT_C;
        private double heatWh;
        private double lossWh;

        HeatPump(AssetModel model, Weather weather) {
            super(model, weather);
            double sizing = 0.7 + 0.2 * Noise.unit(model.seed(), 1);
            this.uaWPerK = sizing * cop(DESIGN_OUTDOOR_C) * model.maxImportW() / (SET_POINT_C - DESIGN_OUTDOOR_C);
            double tauSeconds = (20 + 20 * Noise.unit(model.seed(), 2)) * 3600;
            this.capacitanceJPerK = uaWPerK * tauSeconds;
        }

        private HeatPump(HeatPump o) {
            super(o);
            this.uaWPerK = o.uaWPerK;
            this.capacitanceJPerK = o.capacitanceJPerK;
            this.indoorC = o.indoorC;
            this.heatWh = o.heatWh;
            this.lossWh = o.lossWh;
        }

        /** Coefficient of performance at an outdoor temperature (Staffell et al. 2012, air source). */
        public static double cop(double outdoorC) {
            double lift = Math.max(15, FLOW_C - outdoorC);
            return 6.81 - 0.121 * lift + 0.000630 * lift * lift;
        }

        @Override
        long advance(long minute, int levelPercent, Long scheduledW) {
            double outdoor = weather.outdoorC(minute);
            double cop = cop(outdoor);
            double electric;
            if (scheduledW != null) {
                electric = Math.max(0, Math.min(model.maxImportW(), -scheduledW));
            } else {
                double wanted = uaWPerK * (SET_POINT_C - outdoor) + capacitanceJPerK * (SET_POINT_C - indoorC) / RECOVERY_SECONDS;
                electric = Math.max(0, Math.min(model.maxImportW(), wanted / cop));
            }
            long w = Math.min(Math.round(electric), cap(model.maxImportW(), levelPercent));
            double heatW = w * cop;
            double lossW = uaWPerK * (indoorC - outdoor);
            indoorC += (heatW - lossW) * 60 / capacitanceJPerK;
            heatWh += heatW / 60;
            lossWh += lossW / 60;
            return -w;
        }

        @Override
        public HeatPump copy() {
            return new HeatPump(this);
        }

        public double indoorC() {
            return indoorC;
        }

        /** Heat delivered to the house since the epoch, in Wh. */
        public double heatWh() {
            return heatWh;
        }

        /** Heat the house lost to outdoors since the epoch, in Wh. */
        public double lossWh() {
            return lossWh;
        }

        /** Heat stored in the house per degree, in Wh/K. */
        public double capacitanceWhPerK() {
            return capacitanceJPerK / 3600;
        }

        public double uaWPerK() {
            return uaWPerK;
        }
    }

    /**
     * A standby generator dispatched to a setpoint: 95-100 % of its maximum export from 16:00 to 20:00 (the
     * evening peak), off otherwise. An APC limit caps its export; running less stores nothing for later.
     */
    public static final class Generator extends AssetState {
        Generator(AssetModel model, Weather weather) {
            super(model, weather);
        }

        private Generator(Generator o) {
            super(o);
        }

        @Override
        long advance(long minute, int levelPercent, Long scheduledW) {
            long wanted;
            if (scheduledW != null) {
                wanted = Math.max(0, Math.min(model.maxExportW(), scheduledW));
            } else {
                int m = (int) Math.floorMod(minute, 1440);
                wanted = m >= 960 && m < 1200
                        ? Math.round(model.maxExportW() * (0.95 + 0.05 * Noise.unit(model.seed(), Math.floorDiv(minute, 5))))
                        : 0;
            }
            return Math.min(wanted, cap(model.maxExportW(), levelPercent));
        }

        @Override
        public Generator copy() {
            return new Generator(this);
        }
    }

    /**
     * A night storage heater on an Economy 7 tariff: its core takes up to seven hours of its rating, charged at
     * full power from 00:30 to 07:30 while its auxiliary load control switch is closed, until full; the room
     * draws heat from it from 07:00 to 23:00 as the weather asks ({@code UA (20 - Tout)}, the room sized so a
     * winter day takes 90 % of a full core), and the core loses 1 % of its heat an hour through its casing. A
     * switch opened in the night leaves the core less charged unless the window has room to catch up after it
     * closes (the rebound); heat the room asked for and the core could not give is {@link #unmetWh()}.
     */
    public static final class StorageHeater extends AssetState {
        private static final double CASE_LOSS_PER_HOUR = 0.01;
        private final double capacityWh;
        private final double uaWPerK;
        private double storedWh;
        private double releasedWh;
        private double lostWh;
        private double unmetWh;

        StorageHeater(AssetModel model, Weather weather) {
            super(model, weather);
            this.capacityWh = 7.0 * model.maxImportW();
            // Sized on the built-in winter day: its 16 hours of room heating take 90 % of a full core.
            this.uaWPerK = 0.9 * capacityWh / (16 * (HeatPump.SET_POINT_C - Weather.DailyCycle.WINTER.meanC()));
            this.storedWh = 0.2 * capacityWh;
        }

        private StorageHeater(StorageHeater o) {
            super(o);
            this.capacityWh = o.capacityWh;
            this.uaWPerK = o.uaWPerK;
            this.storedWh = o.storedWh;
            this.releasedWh = o.releasedWh;
            this.lostWh = o.lostWh;
            this.unmetWh = o.unmetWh;
        }

        @Override
        long advance(long minute, int levelPercent, Long scheduledW) {
            int m = (int) Math.floorMod(minute, 1440);
            long wanted = scheduledW != null ? Math.max(0, Math.min(model.maxImportW(), -scheduledW))
                    : m >= 30 && m < 450 ? model.maxImportW() : 0;
            long room = (long) Math.floor((capacityWh - storedWh) * 60);
            long w = Math.min(Math.min(wanted, cap(model.maxImportW(), levelPercent)), Math.max(0, room));
            storedWh += w / 60.0;
            double demandWh = m >= 420 && m < 1380
                    ? Math.max(0, uaWPerK * (HeatPump.SET_POINT_C - weather.outdoorC(minute))) / 60 : 0;
            double out = Math.min(demandWh, storedWh);
            storedWh -= out;
            releasedWh += out;
            unmetWh += demandWh - out;
            double loss = storedWh * CASE_LOSS_PER_HOUR / 60;
            storedWh -= loss;
            lostWh += loss;
            return -w;
        }

        @Override
        public StorageHeater copy() {
            return new StorageHeater(this);
        }

        public double capacityWh() {
            return capacityWh;
        }

        /** Heat in the core, in Wh. */
        public double storedWh() {
            return storedWh;
        }

        /** Heat given to the room since the epoch, in Wh. */
        public double releasedWh() {
            return releasedWh;
        }

        /** Heat lost through the casing since the epoch, in Wh. */
        public double lostWh() {
            return lostWh;
        }

        /** Heat the room asked for and did not get, since the epoch, in Wh. */
        public double unmetWh() {
            return unmetWh;
        }
    }

    /**
     * An immersion heater in a 150-litre hot water cylinder (174 Wh per kelvin of water): a thermostat switches
     * it on below 55 C and off at 60 C; the household draws about 1.6 kWh of hot water over 07:00-07:30 and 1.4
     * kWh over 19:00-19:30 (each within +-40 %, seeded per day), and the cylinder loses 2 W per kelvin above a
     * 20 C airing cupboard. With its switch open the water cools and is drawn down; when the switch closes the
     * heater runs until the thermostat is satisfied: the recovery.
     */
    public static final class ImmersionHeater extends AssetState {
        public static final double WH_PER_K = 150 * 4.186 / 3.6;
        private static final double ON_BELOW_C = 55;
        private static final double OFF_AT_C = 60;
        private static final double LOSS_W_PER_K = 2;
        private double waterC = OFF_AT_C;
        private boolean heating;
        private double heatWh;
        private double drawnWh;
        private double lostWh;

        ImmersionHeater(AssetModel model, Weather weather) {
            super(model, weather);
        }

        private ImmersionHeater(ImmersionHeater o) {
            super(o);
            this.waterC = o.waterC;
            this.heating = o.heating;
            this.heatWh = o.heatWh;
            this.drawnWh = o.drawnWh;
            this.lostWh = o.lostWh;
        }

        /** Hot water drawn over one minute, in Wh of heat. */
        private double drawWh(long minute) {
            long day = Math.floorDiv(minute, 1440);
            int m = (int) Math.floorMod(minute, 1440);
            if (m >= 420 && m < 450) {
                return 1600 * (0.6 + 0.8 * Noise.unit(model.seed(), 2 * day)) / 30;
            }
            if (m >= 1140 && m < 1170) {
                return 1400 * (0.6 + 0.8 * Noise.unit(model.seed(), 2 * day + 1)) / 30;
            }
            return 0;
        }

        @Override
        long advance(long minute, int levelPercent, Long scheduledW) {
            if (waterC < ON_BELOW_C) {
                heating = true;
            } else if (waterC >= OFF_AT_C) {
                heating = false;
            }
            long w;
            if (scheduledW != null) {
                w = Math.max(0, Math.min(model.maxImportW(), -scheduledW));
            } else {
                double room = Math.max(0, (OFF_AT_C - waterC) * WH_PER_K * 60);
                w = heating ? Math.min(model.maxImportW(), (long) Math.ceil(room)) : 0;
            }
            w = Math.min(w, cap(model.maxImportW(), levelPercent));
            double in = w / 60.0;
            double drawn = Math.min(drawWh(minute), Math.max(0, (waterC - 10) * WH_PER_K));
            double loss = LOSS_W_PER_K * (waterC - 20) / 60;
            waterC += (in - drawn - loss) / WH_PER_K;
            heatWh += in;
            drawnWh += drawn;
            lostWh += loss;
            return -w;
        }

        @Override
        public ImmersionHeater copy() {
            return new ImmersionHeater(this);
        }

        public double waterC() {
            return waterC;
        }

        /** Heat put into the water since the epoch, in Wh (all its electricity). */
        public double heatWh() {
            return heatWh;
        }

        /** Heat drawn off as hot water since the epoch, in Wh. */
        public double drawnWh() {
            return drawnWh;
        }

        /** Heat lost through the cylinder since the epoch, in Wh. */
        public double lostWh() {
            return lostWh;
        }
    }
}
