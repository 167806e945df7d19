package org.dccsim.gbcs.inspect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.Hex;
import org.dccsim.gbcs.dlms.AccessRequestSpecification;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.DataTag;
import org.dccsim.gbcs.dlms.ObisCode;
import org.dccsim.gbcs.dlms.TypeDescription;
import org.dccsim.gbcs.dlms.XdlmsApdu;

/**
 * Renders xDLMS APDUs and A-XDR values for people (an indented tree with type names, OBIS codes written
 * {@code 1-0:1.8.0.255} and date-times read) and for scripts (plain maps and lists that any JSON writer takes).
 */
public final class DataRenderer {
    private DataRenderer() {
    }

    // ---- text ----

    public static void appendApdu(StringBuilder sb, XdlmsApdu apdu, String indent) {
        if (apdu instanceof XdlmsApdu.AccessRequest r) {
            sb.append(indent).append("access-request invoke-id ").append(r.invokeIdAndPriority() & 0xFFFFFF)
                    .append(String.format(" (flags %02X)%n", r.invokeIdAndPriority() >>> 24));
            for (int i = 0; i < r.specifications().size(); i++) {
                AccessRequestSpecification s = r.specifications().get(i);
                sb.append(indent).append("  [").append(i).append("] ").append(describe(s)).append('\n');
                if (s instanceof AccessRequestSpecification.GetWithSelection g) {
                    sb.append(indent).append("      selector ").append(g.selector()).append(", parameters:\n");
                    appendData(sb, g.parameters(), indent + "        ");
                }
                if (i < r.data().size() && !(r.data().get(i) instanceof Data.Null)) {
                    sb.append(indent).append("      data:\n");
                    appendData(sb, r.data().get(i), indent + "        ");
                }
            }
        } else if (apdu instanceof XdlmsApdu.AccessResponse r) {
            sb.append(indent).append("access-response invoke-id ").append(r.invokeIdAndPriority() & 0xFFFFFF)
                    .append(String.format(" (flags %02X)%n", r.invokeIdAndPriority() >>> 24));
            int n = Math.max(r.results().size(), r.data().size());
            for (int i = 0; i < n; i++) {
                sb.append(indent).append("  [").append(i).append("] ");
                if (i < r.results().size()) {
                    XdlmsApdu.AccessResponseSpecification s = r.results().get(i);
                    sb.append(choiceName(s.choice())).append(" -> ").append(resultName(s.result()));
                }
                sb.append('\n');
                if (i < r.data().size() && !(r.data().get(i) instanceof Data.Null)) {
                    appendData(sb, r.data().get(i), indent + "      ");
                }
            }
        } else {
            XdlmsApdu.DataNotification n = (XdlmsApdu.DataNotification) apdu;
            sb.append(indent).append("data-notification invoke-id ").append(n.invokeIdAndPriority() & 0xFFFFFF).append('\n');
            if (n.body() instanceof Data.Structure s && !s.elements().isEmpty()
                    && s.get(0) instanceof Data.LongUnsigned code) {
                sb.append(indent).append(String.format("  alert code 0x%04X%n", code.value()));
            }
            appendData(sb, n.body(), indent + "  ");
        }
    }

    public static String describe(AccessRequestSpecification s) {
        String kind;
        switch (s.choice()) {
            case AccessRequestSpecification.GET: kind = "get"; break;
            case AccessRequestSpecification.SET: kind = "set"; break;
            case AccessRequestSpecification.ACTION: kind = "action"; break;
            case AccessRequestSpecification.GET_WITH_SELECTION: kind = "get-with-selection"; break;
            default: kind = "set-with-selection"; break;
        }
        return kind + " class " + s.target().classId() + " " + s.target().obis()
                + (s.choice() == AccessRequestSpecification.ACTION ? " method " : " attribute ") + s.target().id();
    }

    public static String choiceName(int choice) {
        switch (choice) {
            case 1: return "get";
            case 2: return "set";
            case 3: return "action";
            default: return "choice " + choice;
        }
    }

    /** Data-access-result and action-result names (DLMS Green Book; GBCS uses a few of them). */
    public static String resultName(int result) {
        switch (result) {
            case 0: return "success";
            case 1: return "hardware-fault";
            case 2: return "temporary-failure";
            case 3: return "read-write-denied";
            case 4: return "object-undefined";
            case 9: return "object-class-inconsistent";
            case 11: return "object-unavailable";
            case 12: return "type-unmatched";
            case 13: return "scope-of-access-violated";
            case 14: return "data-block-unavailable";
            case 250: return "other-reason";
            default: return "result " + result;
        }
    }

    public static void appendData(StringBuilder sb, Data d, String indent) {
        sb.append(indent);
        if (d instanceof Data.Structure s) {
            sb.append("structure(").append(s.size()).append(")\n");
            for (Data e : s.elements()) {
                appendData(sb, e, indent + "  ");
            }
        } else if (d instanceof Data.Array a) {
            sb.append("array(").append(a.elements().size()).append(")\n");
            for (Data e : a.elements()) {
                appendData(sb, e, indent + "  ");
            }
        } else if (d instanceof Data.CompactArray c) {
            sb.append("compact-array(").append(c.elements().size()).append(") of ").append(typeName(c.type())).append('\n');
            for (Data e : c.elements()) {
                sb.append(indent).append("  ").append(inline(e)).append('\n');
            }
        } else {
            sb.append(DataTag.name(d.tag())).append(' ').append(scalar(d)).append('\n');
        }
    }

    /** One line for a compact-array element: values of a structure side by side. */
    private static String inline(Data d) {
        if (d instanceof Data.Structure s) {
            List<String> parts = new ArrayList<>();
            for (Data e : s.elements()) {
                parts.add(inline(e));
            }
            return "{" + String.join(", ", parts) + "}";
        }
        if (d instanceof Data.Array a) {
            List<String> parts = new ArrayList<>();
            for (Data e : a.elements()) {
                parts.add(inline(e));
            }
            return "[" + String.join(", ", parts) + "]";
        }
        return scalar(d);
    }

    public static String typeName(TypeDescription t) {
        if (t instanceof TypeDescription.Simple s) {
            return DataTag.name(s.tag());
        }
        if (t instanceof TypeDescription.ArrayOf a) {
            return "array[" + a.count() + "] of " + typeName(a.element());
        }
        List<String> parts = new ArrayList<>();
        for (TypeDescription e : ((TypeDescription.StructureOf) t).elements()) {
            parts.add(typeName(e));
        }
        return "structure{" + String.join(", ", parts) + "}";
    }

    /** A simple value as text, with the reading GBCS gives 6- and 12-byte octet-strings. */
    public static String scalar(Data d) {
        if (d instanceof Data.Null) {
            return "";
        } else if (d instanceof Data.OctetString s) {
            byte[] v = s.value();
            if (org.dccsim.gbcs.crypto.ProtectedPayload.looksProtected(v)) {
                return "(protected payload, " + v.length + " bytes: 31 00000000, ciphertext, 12-byte tag)";
            }
            String hint = octetHint(v);
            return Hex.encode(v) + (hint == null ? "" : " (" + hint + ")");
        } else if (d instanceof Data.Bool b) {
            return String.valueOf(b.value());
        } else if (d instanceof Data.BitString b) {
            return b.bitLength() + " bits " + Hex.encode(b.bits());
        } else if (d instanceof Data.DoubleLong v) {
            return String.valueOf(v.value());
        } else if (d instanceof Data.DoubleLongUnsigned v) {
            return String.valueOf(v.value());
        } else if (d instanceof Data.VisibleString v) {
            return '"' + v.text() + '"';
        } else if (d instanceof Data.Utf8String v) {
            return '"' + v.text() + '"';
        } else if (d instanceof Data.Bcd v) {
            return String.format("%02X", v.value());
        } else if (d instanceof Data.Integer8 v) {
            return String.valueOf(v.value());
        } else if (d instanceof Data.Long16 v) {
            return String.valueOf(v.value());
        } else if (d instanceof Data.Unsigned8 v) {
            return v.value() + String.format(" (0x%02X)", v.value());
        } else if (d instanceof Data.LongUnsigned v) {
            return v.value() + String.format(" (0x%04X)", v.value());
        } else if (d instanceof Data.Long64 v) {
            return String.valueOf(v.value());
        } else if (d instanceof Data.Long64Unsigned v) {
            return Long.toUnsignedString(v.value());
        } else if (d instanceof Data.Enumerated v) {
            return String.valueOf(v.value());
        } else if (d instanceof Data.Float32 v) {
            return String.valueOf(v.value());
        } else if (d instanceof Data.Float64 v) {
            return String.valueOf(v.value());
        } else if (d instanceof Data.DateTimeNative v) {
            return v.value().toString();
        } else if (d instanceof Data.DateOrTimeNative v) {
            return Hex.encode(v.value());
        }
        return d.toString();
    }

    /** GBCS carries OBIS codes and date-times as octet-strings of 6 and 12 bytes. */
    static String octetHint(byte[] v) {
        if (v.length == 6) {
            return "OBIS " + ObisCode.fromBytes(v, 0);
        }
        if (v.length == 12) {
            try {
                CosemDateTime dt = CosemDateTime.of(v);
                if (dt.isNow() || dt.isNever() || dt.toInstant().isPresent()) {
                    return dt.toString();
                }
            } catch (GbcsDecodeException e) {
                return null;
            }
        }
        return null;
    }

    // ---- maps and lists for JSON ----

    public static Map<String, Object> apduTree(XdlmsApdu apdu) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (apdu instanceof XdlmsApdu.AccessRequest r) {
            m.put("apdu", "access-request");
            m.put("invokeId", r.invokeIdAndPriority() & 0xFFFFFF);
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < r.specifications().size(); i++) {
                AccessRequestSpecification s = r.specifications().get(i);
                Map<String, Object> item = spec(s);
                if (s instanceof AccessRequestSpecification.GetWithSelection g) {
                    item.put("selector", g.selector());
                    item.put("parameters", dataTree(g.parameters()));
                }
                if (i < r.data().size()) {
                    item.put("data", dataTree(r.data().get(i)));
                }
                items.add(item);
            }
            m.put("items", items);
        } else if (apdu instanceof XdlmsApdu.AccessResponse r) {
            m.put("apdu", "access-response");
            m.put("invokeId", r.invokeIdAndPriority() & 0xFFFFFF);
            List<Object> items = new ArrayList<>();
            int n = Math.max(r.results().size(), r.data().size());
            for (int i = 0; i < n; i++) {
                Map<String, Object> item = new LinkedHashMap<>();
                if (i < r.results().size()) {
                    item.put("kind", choiceName(r.results().get(i).choice()));
                    item.put("result", resultName(r.results().get(i).result()));
                }
                if (i < r.data().size()) {
                    item.put("data", dataTree(r.data().get(i)));
                }
                items.add(item);
            }
            m.put("items", items);
        } else {
            XdlmsApdu.DataNotification n = (XdlmsApdu.DataNotification) apdu;
            m.put("apdu", "data-notification");
            m.put("invokeId", n.invokeIdAndPriority() & 0xFFFFFF);
            if (n.body() instanceof Data.Structure s && !s.elements().isEmpty() && s.get(0) instanceof Data.LongUnsigned c) {
                m.put("alertCode", String.format("%04X", c.value()));
            }
            m.put("body", dataTree(n.body()));
        }
        return m;
    }

    private static Map<String, Object> spec(AccessRequestSpecification s) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("kind", describe(s).split(" ")[0]);
        item.put("classId", s.target().classId());
        item.put("obis", s.target().obis().toString());
        item.put(s.choice() == AccessRequestSpecification.ACTION ? "method" : "attribute", s.target().id());
        return item;
    }

    public static Map<String, Object> dataTree(Data d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", DataTag.name(d.tag()));
        if (d instanceof Data.Structure s) {
            m.put("value", list(s.elements()));
        } else if (d instanceof Data.Array a) {
            m.put("value", list(a.elements()));
        } else if (d instanceof Data.CompactArray c) {
            m.put("elementType", typeName(c.type()));
            m.put("value", list(c.elements()));
        } else if (d instanceof Data.OctetString s) {
            m.put("value", Hex.encode(s.value()));
            String hint = octetHint(s.value());
            if (hint != null) {
                m.put(s.length() == 6 ? "obis" : "dateTime", hint.startsWith("OBIS ") ? hint.substring(5) : hint);
            }
        } else if (d instanceof Data.DoubleLongUnsigned v) {
            m.put("value", v.value());
        } else if (d instanceof Data.DoubleLong v) {
            m.put("value", v.value());
        } else if (d instanceof Data.Integer8 v) {
            m.put("value", v.value());
        } else if (d instanceof Data.Long16 v) {
            m.put("value", v.value());
        } else if (d instanceof Data.Unsigned8 v) {
            m.put("value", v.value());
        } else if (d instanceof Data.LongUnsigned v) {
            m.put("value", v.value());
        } else if (d instanceof Data.Enumerated v) {
            m.put("value", v.value());
        } else if (d instanceof Data.Bool v) {
            m.put("value", v.value());
        } else if (d instanceof Data.Long64 v) {
            m.put("value", v.value());
        } else if (d instanceof Data.Long64Unsigned v) {
            m.put("value", Long.toUnsignedString(v.value()));
        } else if (!(d instanceof Data.Null)) {
            m.put("value", scalar(d));
        }
        return m;
    }

    private static List<Object> list(List<Data> in) {
        List<Object> out = new ArrayList<>(in.size());
        for (Data e : in) {
            out.add(dataTree(e));
        }
        return out;
    }
}
