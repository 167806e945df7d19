package org.dccsim.srv.bindings;

import static org.dccsim.srv.bindings.Roles.S;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.XmlNode;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;
import org.dccsim.gbcs.usecase.UnitCharge;
import org.dccsim.srv.Srv;
import org.dccsim.srv.SrvCatalogue;

/**
 * DUIS section 1, tariffs: the tariff updates (1.1.1, 1.1.2; their switching tables in {@link TariffTables}), the price
 * updates (1.2.1, 1.2.2) and the block counter reset (1.7); the meter balance (1.5) lives with the prepayment account in
 * {@link PrepaymentSrvs}.
 */
public final class TariffSrvs {
    private TariffSrvs() {
    }

    /** GBCS ECS01b: the price matrix's 80 entries, TOU rates 1-48 (index 0x01-0x30), then block tiers A-D x 8 rates. */
    private static final int TOU_RATES = 48;
    private static final int BLOCK_RATES = 8;
    private static final int BLOCK_TIERS = 4;
    /** GBCS's constants for a price matrix: the commodity scale, and the register it prices (class 3, attribute 2). */
    private static final int COMMODITY_SCALE = 3;
    private static final ObisCode PRIMARY_IMPORT_REGISTER = ObisCode.parse("1-0:1.8.0.255");
    private static final ObisCode SECONDARY_IMPORT_REGISTER = ObisCode.parse("1-20:1.8.0.255");
    private static final ObisCode STANDING_CHARGE = ObisCode.parse("0-0:19.20.4.255");

    public static void register(SrvCatalogue.Builder c) {
        // GBCS ECS01a: the primary element's whole tariff, passive: the switching table (class 20 0-0:13.0.0.255
        // attributes 7-9), special days (0-1:11.0.0.255), the eight block rates' thresholds (0-0:16.1.11-18.255), the
        // currency (0-0:94.44.2.0 attribute 4), standing charge and price matrix as 1.2.1 sends them; then six
        // activation times, all the same (NOW, the ExecutionDateTime, or NEVER to cancel): the calendar's, the
        // thresholds' (0-0:94.44.128.29), the currency's, the two prices' and the special days' (0-0:63.1.1.255).
        c.add(Srv.of("1.1.1", "Update Import Tariff (Primary Element)").body("UpdateImportTariffPrimaryElement")
                .useCases("ECS01a").roles(S).futureDating(Srv.FutureDating.DEVICE).reader(r -> {
                    XmlNode tariff = Fields.required(r.body(), "ElecTariffElements");
                    XmlNode table = Fields.required(tariff, "SwitchingTable");
                    Data seasons = TariffTables.seasons(table);
                    Data weeks = TariffTables.weeks(table);
                    Data days = TariffTables.days(table, false);
                    Data specialDays = TariffTables.specialDays(Fields.required(tariff, "SpecialDays"));
                    List<Data> thresholds = TariffTables.thresholds(Fields.required(tariff, "ThresholdMatrix"));
                    Data currency = new Data.Bool(currencyIsSterling(tariff));
                    XmlNode prices = Fields.required(Fields.required(r.body(), "PriceElements"), "ElectricityPriceElements");
                    Data standingCharge = standingCharge(prices);
                    Data matrix = UnitCharge.of(COMMODITY_SCALE, (int) Fields.number(prices, "PriceScale", -128, 127),
                            PRIMARY_IMPORT_REGISTER, primaryMatrix(prices));
                    Data at = Data.octets(Fields.activation(r.body()).toBytes());
                    return Dlms.of(Dlms.items("ECS01a", i -> {
                        var t = i.target();
                        return Optional.of(switch (t.classId()) {
                            case 20 -> t.id() == 7 ? seasons : t.id() == 8 ? weeks : t.id() == 9 ? days : at;
                            case 11 -> specialDays;
                            case 21 -> thresholds.get(t.obis().e() - 11);
                            case 113 -> t.id() == 7 ? at : t.obis().equals(STANDING_CHARGE) ? standingCharge : matrix;
                            default -> t.id() == 4 ? currency : at;
                        });
                    }));
                }));
        // GBCS ECS01c: the secondary element's tariff: its four TOU prices (as 1.2.2), its switching table (class 20
        // 0-0:13.0.1.255) and special days (0-1:11.0.1.255), activated together (0-0:94.44.128.30 the special days').
        c.add(Srv.of("1.1.2", "Update Import Tariff (Secondary Element)").body("UpdateImportTariffSecondaryElement")
                .useCases("ECS01c").roles(S).futureDating(Srv.FutureDating.DEVICE).reader(r -> {
                    XmlNode table = Fields.required(r.body(), "SwitchingTable");
                    Data seasons = TariffTables.seasons(table);
                    Data weeks = TariffTables.weeks(table);
                    Data days = TariffTables.days(table, true);
                    Data specialDays = TariffTables.specialDays(Fields.required(r.body(), "SpecialDays"));
                    Data matrix = secondaryMatrix(Fields.required(r.body(), "PriceElements"));
                    Data at = Data.octets(Fields.activation(r.body()).toBytes());
                    return Dlms.of(Dlms.items("ECS01c", i -> {
                        var t = i.target();
                        return Optional.of(switch (t.classId()) {
                            case 20 -> t.id() == 7 ? seasons : t.id() == 8 ? weeks : t.id() == 9 ? days : at;
                            case 11 -> specialDays;
                            case 113 -> t.id() == 7 ? at : matrix;
                            default -> at;
                        });
                    }));
                }));
        // GBCS ECS01b: the standing charge (0-0:19.20.4.255) and the price matrix (0-0:19.20.0.255) as unit_charge_passive,
        // each activated at the same time (unit_charge_activation_time: NOW, the ExecutionDateTime, or NEVER to cancel).
        // Prices the body leaves out are zero, as DCC's messages have them.
        c.add(Srv.of("1.2.1", "Update Price (Primary Element)").body("UpdatePricePrimaryElement").useCases("ECS01b")
                .roles(S).futureDating(Srv.FutureDating.DEVICE).reader(r -> {
                    XmlNode prices = Fields.required(Fields.required(r.body(), "PriceElements"), "ElectricityPriceElements");
                    Data standingCharge = standingCharge(prices);
                    Data matrix = UnitCharge.of(COMMODITY_SCALE, (int) Fields.number(prices, "PriceScale", -128, 127),
                            PRIMARY_IMPORT_REGISTER, primaryMatrix(prices));
                    Data at = Data.octets(Fields.activation(r.body()).toBytes());
                    return Dlms.of(Dlms.items("ECS01b", i -> Optional.of(i.target().id() == 7 ? at
                            : i.target().obis().equals(STANDING_CHARGE) ? standingCharge : matrix)));
                }));
        // GBCS ECS01d: the secondary element's four TOU prices (0-0:19.20.5.255), pricing register 1-20:1.8.0.255.
        c.add(Srv.of("1.2.2", "Update Price (Secondary Element)").body("UpdatePriceSecondaryElement").useCases("ECS01d")
                .roles(S).futureDating(Srv.FutureDating.DEVICE).reader(r -> {
                    Data matrix = secondaryMatrix(Fields.required(r.body(), "PriceElements"));
                    Data at = Data.octets(Fields.activation(r.body()).toBytes());
                    return Dlms.of(Dlms.items("ECS01d", i -> Optional.of(i.target().id() == 7 ? at : matrix)));
                }));
        // GBCS ECS05: the tariff block counter matrix is reset by running script 99 of the tariff script table
        // (0-0:10.0.100.255, class 9 method 1), a constant of GBCS's table.
        c.add(Srv.of("1.7", "Reset Tariff Block Counter Matrix").body("ResetTariffBlockCounterMatrix").useCases("ECS05")
                .roles(S).reader(r -> Dlms.of(Dlms.items("ECS05", i -> Optional.of(new Data.LongUnsigned(99))))));
    }

    /** The standing charge as GBCS's unit_charge: no commodity scale or register, one entry with an empty index. */
    private static Data standingCharge(XmlNode prices) throws DuisException {
        return UnitCharge.of(0, (int) Fields.number(prices, "StandingChargeScale", -128, 127), null,
                List.of(UnitCharge.entry(new byte[0], price(prices, "StandingCharge"))));
    }

    /** The secondary element's four TOU prices (index 0x01-0x04), pricing register 1-20:1.8.0.255. */
    private static Data secondaryMatrix(XmlNode prices) throws DuisException {
        int[] values = new int[4];
        indexed(prices, "ElectricityPriceElement", values, 1);
        List<Data> entries = new ArrayList<>();
        for (int n = 0; n < values.length; n++) {
            entries.add(UnitCharge.entry(new byte[] {(byte) (n + 1)}, values[n]));
        }
        return UnitCharge.of(COMMODITY_SCALE, (int) Fields.number(prices, "PriceScale", -128, 127), SECONDARY_IMPORT_REGISTER,
                entries);
    }

    /**
     * DUIS CurrencyUnits as the boolean of 0-0:94.44.2.0 attribute 4: GBP is true, as in every RTDS ECS01a command; ECB
     * (DUIS's spelling of the euro) is false, the only other value the boolean has (a decision: GBCS's meaning of the
     * attribute is not in our tables).
     */
    private static boolean currencyIsSterling(XmlNode tariff) throws DuisException {
        String c = Fields.required(tariff, "CurrencyUnits").text().trim();
        return switch (c) {
            case "GBP" -> true;
            case "ECB" -> false;
            default -> throw new DuisException(DuisCodes.E12, "CurrencyUnits " + c + " is neither GBP nor ECB");
        };
    }

    /**
     * The primary element's 80 prices: TOU rate n at index n (0x01-0x30), block tier t of block rate r at index
     * 0xA0 + 0x10 * (t - 1) + r (A1-D8), as DCC's ECS01b commands number them; TOUTariff fills the TOU rates,
     * BlockTariff the blocks, HybridTariff both.
     */
    private static List<Data> primaryMatrix(XmlNode prices) throws DuisException {
        int[] tou = new int[TOU_RATES];
        int[][] blocks = new int[BLOCK_TIERS][BLOCK_RATES];
        XmlNode tariff = prices.child("TOUTariff").or(() -> prices.child("BlockTariff")).or(() -> prices.child("HybridTariff"))
                .orElseThrow(() -> new DuisException(DuisCodes.E12, "ElectricityPriceElements has no TOU, block or hybrid tariff"));
        indexed(tariff, "TOUPrice", tou, 1);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (XmlNode rate : tariff.all("BlockPrices")) {
            int r = Fields.attribute(rate, "index", 1, BLOCK_RATES);
            if (!seen.add(r)) {
                throw new DuisException(DuisCodes.E12, "BlockPrices index " + r + " is given twice");
            }
            int[] tiers = new int[BLOCK_TIERS];
            indexed(rate, "BlockPrice", tiers, 1);
            for (int t = 0; t < BLOCK_TIERS; t++) {
                blocks[t][r - 1] = tiers[t];
            }
        }
        List<Data> entries = new ArrayList<>(TOU_RATES + BLOCK_TIERS * BLOCK_RATES);
        for (int n = 0; n < TOU_RATES; n++) {
            entries.add(UnitCharge.entry(new byte[] {(byte) (n + 1)}, tou[n]));
        }
        for (int t = 0; t < BLOCK_TIERS; t++) {
            for (int r = 0; r < BLOCK_RATES; r++) {
                entries.add(UnitCharge.entry(new byte[] {(byte) (0xA0 + 0x10 * t + r + 1)}, blocks[t][r]));
            }
        }
        return entries;
    }

    /** Each {@code element index="n"} child's price into {@code into[n - first]}; an index given twice is E12. */
    private static void indexed(XmlNode parent, String element, int[] into, int first) throws DuisException {
        boolean[] given = new boolean[into.length];
        for (XmlNode p : parent.all(element)) {
            int n = Fields.attribute(p, "index", first, first + into.length - 1) - first;
            if (given[n]) {
                throw new DuisException(DuisCodes.E12, element + " index " + (n + first) + " is given twice");
            }
            given[n] = true;
            into[n] = (int) Fields.number(p.text(), element, Short.MIN_VALUE, Short.MAX_VALUE);
        }
    }

    /** A DUIS PriceType (xs:short). */
    private static int price(XmlNode parent, String child) throws DuisException {
        return (int) Fields.number(parent, child, Short.MIN_VALUE, Short.MAX_VALUE);
    }
}
