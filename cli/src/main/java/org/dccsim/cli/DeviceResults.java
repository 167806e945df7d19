package org.dccsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.XdlmsApdu;
import org.dccsim.gbcs.inspect.DataRenderer;
import org.dccsim.gbcs.inspect.Inspection;
import org.dccsim.gbcs.payload.Payload;

/**
 * What a device's I0 answer says it did: DUIS's I0 only means the device answered, so each item of a DLMS
 * access-response (GBCS 7.2.4: one result per get, set or action) is checked, and every item that did not succeed is
 * a failure with its result named ("[1] set -> other-reason"). {@code dccsim sr} exits 4 on any.
 */
final class DeviceResults {
    /** Device alert codes dccsim's devices raise, named (GBCS alert codes table; DUIS-NOTES 1b). */
    private static final Map<String, String> ALERTS = Map.of(
            "8F66", "future-dated command executed",
            "8F67", "future-dated command not executed",
            "8F85", "command not supported",
            "8F86", "Limit APC level command processed",
            "8F87", "APC limit ended or cancelled");

    private DeviceResults() {
    }

    static List<String> failed(Inspection in) {
        List<String> out = new ArrayList<>();
        if (!(in.payload() instanceof Payload.Dlms d) || !(d.apdu() instanceof XdlmsApdu.AccessResponse r)) {
            return out;
        }
        for (int i = 0; i < r.results().size(); i++) {
            XdlmsApdu.AccessResponseSpecification s = r.results().get(i);
            if (s.result() != 0) {
                out.add("[" + (i + 1) + "] " + DataRenderer.choiceName(s.choice()) + " -> " + DataRenderer.resultName(s.result()));
            }
        }
        return out;
    }

    /** Each item's result in a line ("set success, set success, action success"), or null if the answer has none. */
    static String items(Inspection in) {
        if (!(in.payload() instanceof Payload.Dlms d) || !(d.apdu() instanceof XdlmsApdu.AccessResponse r)
                || r.results().isEmpty()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (XdlmsApdu.AccessResponseSpecification s : r.results()) {
            out.add(DataRenderer.choiceName(s.choice()) + " " + DataRenderer.resultName(s.result()));
        }
        return String.join(", ", out);
    }

    /** The answer's data: the decrypted plaintext of a protected read, else the first item's value; null if none. */
    static Data answerData(Inspection in) {
        if (!in.decryptions().isEmpty() && in.decryptions().get(0).plaintext() != null) {
            return in.decryptions().get(0).plaintext();
        }
        if (in.payload() instanceof Payload.Dlms d && d.apdu() instanceof XdlmsApdu.AccessResponse r && !r.data().isEmpty()) {
            return r.data().get(0);
        }
        return null;
    }

    /**
     * Register values with their scaler and unit (a DLMS register's value followed by {@code structure{scaler, unit}},
     * Blue Book class 3), in reading order, as "19 226.499 kWh".
     */
    static List<String> registerValues(Data d) {
        List<Data> flat = new ArrayList<>();
        flatten(d, flat);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < flat.size(); i++) {
            Long v = number(flat.get(i));
            if (v == null) {
                continue;
            }
            if (i + 2 < flat.size() && flat.get(i + 1) instanceof Data.Integer8 scaler && flat.get(i + 2) instanceof Data.Enumerated unit) {
                out.add(quantity(v, scaler.value(), unit.value()));
                i += 2;
            } else {
                out.add(Long.toString(v));
            }
        }
        return out;
    }

    private static void flatten(Data d, List<Data> out) {
        if (d instanceof Data.Structure s) {
            s.elements().forEach(e -> flatten(e, out));
        } else if (d instanceof Data.Array a) {
            a.elements().forEach(e -> flatten(e, out));
        } else {
            out.add(d);
        }
    }

    private static Long number(Data d) {
        if (d instanceof Data.DoubleLongUnsigned x) {
            return x.value();
        } else if (d instanceof Data.DoubleLong x) {
            return (long) x.value();
        } else if (d instanceof Data.Long64 x) {
            return x.value();
        } else if (d instanceof Data.Long64Unsigned x) {
            return x.value();
        } else if (d instanceof Data.LongUnsigned x) {
            return (long) x.value();
        }
        return null;
    }

    /** A value times 10^scaler in a DLMS unit (Blue Book unit table): energies in kWh, kvarh, kVAh. */
    static String quantity(long raw, int scaler, int unit) {
        double v = raw * Math.pow(10, scaler);
        return switch (unit) {
            case 30 -> String.format("%,.3f kWh", v / 1000);
            case 31 -> String.format("%,.3f kVAh", v / 1000);
            case 32 -> String.format("%,.3f kvarh", v / 1000);
            case 27 -> String.format("%,.0f W", v);
            case 28 -> String.format("%,.0f VA", v);
            case 29 -> String.format("%,.0f var", v);
            case 35 -> String.format("%,.1f V", v);
            case 33 -> String.format("%,.2f A", v);
            default -> String.format("%s (unit %d)", v, unit);
        };
    }

    /** The supply (disconnect control output) state, DLMS class 70 attribute 3. */
    static String supplyState(int value) {
        return switch (value) {
            case 0 -> "disconnected";
            case 1 -> "connected";
            case 2 -> "armed (ready for reconnection)";
            default -> "state " + value;
        };
    }

    /** An octet-string as text when it is printable ASCII (firmware versions), else hex. */
    static String text(Data.OctetString s) {
        byte[] b = s.value();
        for (byte x : b) {
            if (x < 0x20 || x > 0x7E) {
                return org.dccsim.gbcs.Hex.encode(b);
            }
        }
        return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * A MAC or signature check in words. NOT_CHECKABLE means the message has none, or the reader has no key for the
     * sender: said as such, never as "invalid".
     */
    static String check(org.dccsim.gbcs.crypto.Check c, String absent) {
        return switch (c) {
            case VALID -> "valid";
            case INVALID -> "INVALID";
            case NOT_CHECKABLE -> "not checked (" + absent + ", or no key for the sender)";
        };
    }

    static String alertName(String code) {
        return ALERTS.getOrDefault(code.toUpperCase(), "device alert");
    }
}
