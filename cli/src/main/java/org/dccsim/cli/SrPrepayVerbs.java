package org.dccsim.cli;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dccsim.duis.Bodies;
import org.dccsim.duis.XmlNode;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.inspect.Inspection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The supplier's prepayment and price verbs for an ESME: read the balances (4.3), adjust or reset the meter balance
 * (1.5), activate emergency credit (2.5), update debt (2.3), set prices (1.2.1). Money is given and shown in pounds; GBCS carries it in
 * millipence (1/100,000 of a pound).
 */
final class SrPrepayVerbs {
    private static final BigDecimal UNITS_PER_POUND = BigDecimal.valueOf(100_000);
    private static final String[] BALANCES = {"meter balance", "emergency credit", "accumulated debt", "time debt 1",
        "time debt 2", "payment debt"};

    private SrPrepayVerbs() {
    }

    /** "12.50" or "-3" pounds as millipence, within a DUIS xs:int. */
    static long units(String option, String pounds) {
        try {
            BigDecimal v = new BigDecimal(pounds.trim()).multiply(UNITS_PER_POUND);
            if (v.stripTrailingZeros().scale() > 0) {
                throw new UserError(ExitCodes.BAD_INPUT, option + " " + pounds + " is finer than a millipenny (5 decimals)");
            }
            return v.longValueExact() >= Integer.MIN_VALUE && v.longValueExact() <= Integer.MAX_VALUE ? v.longValueExact()
                    : bad(option, pounds);
        } catch (NumberFormatException | ArithmeticException e) {
            return bad(option, pounds);
        }
    }

    private static long bad(String option, String pounds) {
        throw new UserError(ExitCodes.BAD_INPUT, option + " must be an amount in pounds from -21474.83648 to 21474.83647, not '"
                + pounds + "'");
    }

    static String pounds(long units) {
        return "GBP " + BigDecimal.valueOf(units).divide(UNITS_PER_POUND).setScale(2, java.math.RoundingMode.HALF_EVEN)
                .toPlainString();
    }

    @Command(name = "read-prepay", mixinStandardHelpOptions = true,
            description = "Read the ESME's prepayment balances: meter balance, emergency credit and debts (4.3).",
            footer = SrVerbs.FOOTER + "  dccsim sr read-prepay 00DB1234567890A0%n")
    static final class ReadPrepay extends SrVerbs.DeviceOnlyVerb {
        @Override
        String srv() {
            return "4.3";
        }

        @Override
        String element() {
            return "ReadInstantaneousPrepayValues";
        }

        /** GBCS ECS19's prepayment balance collection, six double-longs in millipence, decrypted with the user's key. */
        @Override
        void describe(Inspection in, Map<String, Object> result, List<String> lines) {
            Data d = DeviceResults.answerData(in);
            if (d instanceof Data.Structure outer && outer.elements().size() == 1 && outer.get(0) instanceof Data.Structure s) {
                d = s;
            }
            if (!(d instanceof Data.Structure s) || s.elements().size() != BALANCES.length) {
                return;
            }
            Map<String, Object> balances = new LinkedHashMap<>();
            for (int i = 0; i < BALANCES.length; i++) {
                long v = s.get(i) instanceof Data.DoubleLong dl ? dl.value() : 0;
                lines.add(String.format("  %-17s %s", BALANCES[i], pounds(v)));
                balances.put(BALANCES[i], v);
            }
            result.put("balancesMillipence", balances);
        }
    }

    @Command(name = "balance", mixinStandardHelpOptions = true,
            description = "Adjust the ESME's meter balance by an amount, or reset it with its emergency credit and "
                    + "accumulated debt (1.5, critical).",
            footer = SrVerbs.FOOTER + "  dccsim sr balance 00DB1234567890A0 --adjust 12.00%n")
    static final class Balance extends SrVerbs.EsmeVerb {
        @Option(names = "--adjust", paramLabel = "GBP", description = "Add this many pounds (negative to take away).")
        String adjust;

        @Option(names = "--reset", description = "Set the meter balance, emergency credit and accumulated debt to zero.")
        boolean reset;

        @Override
        String srv() {
            return "1.5";
        }

        @Override
        XmlNode body() {
            if ((adjust == null) == !reset) {
                throw new UserError(ExitCodes.BAD_INPUT, "give one of --adjust GBP or --reset");
            }
            return Bodies.updateMeterBalance(reset ? null : units("--adjust", adjust));
        }
    }

    @Command(name = "emergency-credit", mixinStandardHelpOptions = true,
            description = "Activate the ESME's emergency credit (2.5, critical).",
            footer = SrVerbs.FOOTER + "  dccsim sr emergency-credit 00DB1234567890A0%n")
    static final class EmergencyCredit extends SrVerbs.DeviceOnlyVerb {
        @Override
        String srv() {
            return "2.5";
        }

        @Override
        String element() {
            return "ActivateEmergencyCredit";
        }
    }

    @Command(name = "debt", mixinStandardHelpOptions = true,
            description = "Adjust the ESME's debts and set how they are recovered (2.3, critical).",
            footer = SrVerbs.FOOTER + "  dccsim sr debt 00DB1234567890A0 --time-debt-1 0.30 --payment-debt 0.50 "
                    + "--per-payment 10 --rate-1 3 --rate-2 15%n")
    static final class Debt extends SrVerbs.EsmeVerb {
        @Option(names = "--time-debt-1", defaultValue = "0", paramLabel = "GBP", description = "Add to time-based debt 1.")
        String timeDebt1;

        @Option(names = "--time-debt-2", defaultValue = "0", paramLabel = "GBP", description = "Add to time-based debt 2.")
        String timeDebt2;

        @Option(names = "--payment-debt", defaultValue = "0", paramLabel = "GBP", description = "Add to the payment-based debt.")
        String paymentDebt;

        @Option(names = "--per-payment", defaultValue = "0", paramLabel = "PERCENT",
                description = "Share of each payment that recovers the payment-based debt, 0 to 100 (two decimals).")
        BigDecimal perPayment;

        @Option(names = "--rate-1", defaultValue = "0", paramLabel = "RATE",
                description = "Recovery rate of time-based debt 1 in DUIS's units (DebtRecoveryRate at --price-scale); default 0.")
        int rate1;

        @Option(names = "--rate-2", defaultValue = "0", paramLabel = "RATE", description = "Recovery rate of time-based debt 2.")
        int rate2;

        @Option(names = "--price-scale", defaultValue = "-1", paramLabel = "N", description = "The rates' price scale (10^N); default ${DEFAULT-VALUE}.")
        int priceScale;

        @Option(names = "--hourly", description = "Recover the time-based debts hourly (default: daily).")
        boolean hourly;

        @Override
        String srv() {
            return "2.3";
        }

        @Override
        XmlNode body() {
            BigDecimal share = perPayment.multiply(BigDecimal.valueOf(100));
            if (share.signum() < 0 || share.compareTo(BigDecimal.valueOf(10_000)) > 0 || share.stripTrailingZeros().scale() > 0) {
                throw new UserError(ExitCodes.BAD_INPUT, "--per-payment must be 0 to 100 with at most two decimals");
            }
            if (priceScale < -128 || priceScale > 127) {
                throw new UserError(ExitCodes.BAD_INPUT, "--price-scale must be -128 to 127");
            }
            for (int r : new int[] {rate1, rate2}) {
                if (r < Short.MIN_VALUE || r > Short.MAX_VALUE) {
                    throw new UserError(ExitCodes.BAD_INPUT, "--rate-1 and --rate-2 must be -32768 to 32767");
                }
            }
            return Bodies.updateDebt(units("--time-debt-1", timeDebt1), units("--time-debt-2", timeDebt2),
                    units("--payment-debt", paymentDebt), share.intValueExact(),
                    new Bodies.DebtRecovery(rate1, priceScale, hourly), new Bodies.DebtRecovery(rate2, priceScale, hourly));
        }
    }

    @Command(name = "prices", mixinStandardHelpOptions = true,
            description = "Set the ESME's standing charge and TOU prices (1.2.1, critical; as the supplier), now or from --at.",
            footer = SrVerbs.FOOTER + "  dccsim sr prices 00DB1234567890A0 --standing-charge 0.45 --tou 0.2421,0.1210 --at +1d%n")
    static final class Prices extends SrVerbs.EsmeVerb {
        @Option(names = "--standing-charge", required = true, paramLabel = "GBP", description = "Per day, in pounds.")
        BigDecimal standingCharge;

        @Option(names = "--tou", required = true, split = ",", paramLabel = "GBP", description = "Prices per kWh of TOU "
                + "rates 1, 2, ... (at most 48), in pounds.")
        List<BigDecimal> tou;

        @Option(names = "--at", paramLabel = "TIME", description = "Take effect at this time (the meter holds it) instead of now.")
        String at;

        @Override
        String srv() {
            return "1.2.1";
        }

        /**
         * Pounds as a DUIS PriceType (a short) at the finest price scale that holds every value: GBP 0.2421 is 24210 at
         * 10^-5. Both scales are powers of ten of a pound.
         */
        @Override
        XmlNode body() {
            if (tou.isEmpty() || tou.size() > 48) {
                throw new UserError(ExitCodes.BAD_INPUT, "--tou takes 1 to 48 prices");
            }
            int priceScale = scale("--tou", tou);
            int standingScale = scale("--standing-charge", List.of(standingCharge));
            List<Integer> prices = tou.stream().map(p -> p.movePointLeft(priceScale).intValueExact()).toList();
            return Bodies.updateTouPrices(at == null ? null : time("--at", at),
                    standingCharge.movePointLeft(standingScale).intValueExact(), standingScale, priceScale, prices);
        }

        /** The smallest power of ten (down to 10^-5) at which every value is a whole number within a short. */
        private static int scale(String option, List<BigDecimal> values) {
            for (int s = -5; s <= 0; s++) {
                final int scale = s;
                boolean fits = values.stream().allMatch(v -> {
                    BigDecimal n = v.movePointLeft(scale);
                    return n.stripTrailingZeros().scale() <= 0 && n.compareTo(BigDecimal.valueOf(Short.MAX_VALUE)) <= 0
                            && n.compareTo(BigDecimal.valueOf(Short.MIN_VALUE)) >= 0;
                });
                if (fits) {
                    return s;
                }
            }
            throw new UserError(ExitCodes.BAD_INPUT, option + " needs at most 5 decimals and at most GBP 32767 per value");
        }
    }
}
