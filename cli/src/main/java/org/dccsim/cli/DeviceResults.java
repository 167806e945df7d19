package org.dccsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    static String alertName(String code) {
        return ALERTS.getOrDefault(code.toUpperCase(), "device alert");
    }
}
