package org.dccsim.device.cosem;

import java.util.ArrayList;
import java.util.List;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;

/**
 * The A-XDR type of an attribute in the catalogue's compact notation ({@code dlu}, {@code os12},
 * {@code s{lu,os5,u}}, {@code a[s{...}]}, see tools/gen-cosem-objects.py), and the value a new device holds
 * for it: zero numbers, false, "not specified" dates, empty strings and arrays.
 */
public final class TypeTemplate {
    private TypeTemplate() {
    }

    public static Data defaultValue(String template) {
        int[] pos = {0};
        Data d = parse(template, pos);
        if (pos[0] != template.length()) {
            throw new IllegalArgumentException("bad type template " + template);
        }
        return d;
    }

    /** The element template of the first array in a template, or null: a profile buffer's entry type. */
    public static String arrayElement(String template) {
        int i = template.indexOf("a[");
        if (i < 0) {
            return null;
        }
        int depth = 0;
        for (int j = i + 2; j < template.length(); j++) {
            char c = template.charAt(j);
            if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                if (depth == 0) {
                    return template.substring(i + 2, j);
                }
                depth--;
            }
        }
        return null;
    }

    /** The compact-array type description of a template (for log buffers sent as compact-arrays). */
    public static org.dccsim.gbcs.dlms.TypeDescription typeDescription(String template) {
        int[] pos = {0};
        return describe(template, pos);
    }

    private static org.dccsim.gbcs.dlms.TypeDescription describe(String t, int[] pos) {
        if (t.startsWith("s{", pos[0])) {
            pos[0] += 2;
            List<org.dccsim.gbcs.dlms.TypeDescription> items = new ArrayList<>();
            while (t.charAt(pos[0]) != '}') {
                items.add(describe(t, pos));
                if (t.charAt(pos[0]) == ',') {
                    pos[0]++;
                }
            }
            pos[0]++;
            return new org.dccsim.gbcs.dlms.TypeDescription.StructureOf(items);
        }
        if (t.startsWith("a[", pos[0])) {
            throw new IllegalArgumentException("nested arrays have no compact form here: " + t);
        }
        int end = pos[0];
        while (end < t.length() && Character.isLetterOrDigit(t.charAt(end))) {
            end++;
        }
        String leaf = t.substring(pos[0], end);
        pos[0] = end;
        return new org.dccsim.gbcs.dlms.TypeDescription.Simple(leaf(leaf).tag());
    }

    private static Data parse(String t, int[] pos) {
        if (t.startsWith("s{", pos[0])) {
            pos[0] += 2;
            List<Data> items = new ArrayList<>();
            while (t.charAt(pos[0]) != '}') {
                items.add(parse(t, pos));
                if (t.charAt(pos[0]) == ',') {
                    pos[0]++;
                }
            }
            pos[0]++;
            return new Data.Structure(items);
        }
        if (t.startsWith("a[", pos[0])) {
            pos[0] += 2;
            parse(t, pos); // the element type: a new device's arrays are empty
            pos[0]++;
            return Data.array();
        }
        int end = pos[0];
        while (end < t.length() && Character.isLetterOrDigit(t.charAt(end))) {
            end++;
        }
        String leaf = t.substring(pos[0], end);
        pos[0] = end;
        return leaf(leaf);
    }

    private static Data leaf(String leaf) {
        switch (leaf) {
            case "dlu": return new Data.DoubleLongUnsigned(0);
            case "dl": return new Data.DoubleLong(0);
            case "lu": return new Data.LongUnsigned(0);
            case "l": return new Data.Long16(0);
            case "i": return new Data.Integer8(0);
            case "u": return new Data.Unsigned8(0);
            case "e": return new Data.Enumerated(0);
            case "b": return new Data.Bool(false);
            case "vs": return new Data.VisibleString(new byte[0]);
            case "utf8": return new Data.Utf8String(new byte[0]);
            case "null": case "": return Data.NULL;
            default:
                break;
        }
        if (leaf.startsWith("os")) {
            int n = Integer.parseInt(leaf.substring(2));
            if (n == 12) {
                return Data.octets(CosemDateTime.NEVER.toBytes());
            }
            byte[] b = new byte[n];
            if (n == 5 || n == 4) {
                java.util.Arrays.fill(b, (byte) 0xFF); // a date or time "not specified"
            }
            return Data.octets(b);
        }
        if (leaf.startsWith("bs")) {
            int bits = Integer.parseInt(leaf.substring(2));
            return new Data.BitString(bits, new byte[(bits + 7) / 8]);
        }
        throw new IllegalArgumentException("unknown type " + leaf);
    }
}
