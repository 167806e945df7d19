package org.dccsim.srv.bindings;

import static org.dccsim.srv.bindings.Roles.O;
import static org.dccsim.srv.bindings.Roles.S;

import java.util.HexFormat;
import java.util.Optional;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.XmlNode;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.usecase.ChfDeviceLog;
import org.dccsim.gbcs.usecase.ChfDeviceLog.HanDeviceType;
import org.dccsim.srv.Srv;
import org.dccsim.srv.SrvCatalogue;

/**
 * DUIS section 8, a device's life, where it reaches a device: 8.1.1 Commission Device is GBCS ECS70, the clock set as
 * 6.11 sets it, and the head-end marks the device Commissioned when it answers; 8.11 Update HAN Device Log and 8.9
 * Read Device Log go to the site's communications hub (CCS01, CCS02; CCS05/CCS04, CCS07), from the ACB on the user's
 * behalf as GBCS gives the ACB alone those use cases. The inventory's own services (8.2 to 8.4) are the head-end's,
 * on serviceD.
 */
public final class LifecycleSrvs {
    private LifecycleSrvs() {
    }

    public static void register(SrvCatalogue.Builder c) {
        c.add(Srv.of("8.1.1", "Commission Device").body("CommissionDeviceSynchroniseClock").useCases("ECS70").roles(S)
                .reader(ConfigurationSrvs::synchroniseClock));
        c.add(Srv.of("8.11", "Update HAN Device Log").body("UpdateHANDeviceLog").useCases("CCS01", "CCS02").roles(S, O)
                .futureDating(Srv.FutureDating.DCC)
                .choice((srv, request, role) -> "Remove".equals(request.body().child("RequestType").map(XmlNode::text)
                        .orElse(null)) ? "CCS02" : "CCS01")
                .sender(Srv.Sender.ACB_ON_BEHALF).reader(LifecycleSrvs::updateHanDeviceLog));
        // 8.9 to a hub: the log and its devices' HAN figures (CCS05/CCS04), or with ReadSecurityDetails the backups of
        // the log and the historic log with their link keys (CCS07). A GSME's or ESME's own log (CS07) is not modelled.
        c.add(Srv.of("8.9", "Read Device Log").body("ReadDeviceLog").useCases("CCS05CCS04", "CCS07").roles(S, O)
                .futureDating(Srv.FutureDating.DCC)
                .choice((srv, request, role) -> request.body().child("ReadSecurityDetails").isPresent() ? "CCS07" : "CCS05CCS04")
                .sender(Srv.Sender.ACB_ON_BEHALF)
                .reader(r -> Dlms.of(r.useCase().equals("CCS07") ? new ChfDeviceLog.ReadLogs() : new ChfDeviceLog.Read())));
    }

    /**
     * 8.11: Add (CCS01) registers DeviceID with its install code and opens the HAN for JoinTimePeriod seconds; Remove
     * (CCS02) takes it off the log. CCS01 carries the device's HAN type, which the body does not: the DCC's inventory
     * gives it; without one, an ImportMPxN of 13 digits (an MPAN) says ESME and any other MPxN (an MPRN) GSME.
     */
    private static Srv.Command updateHanDeviceLog(Srv.Request r) throws DuisException {
        XmlNode body = r.body();
        Eui64 device;
        try {
            device = Eui64.parse(body.text("DeviceID"));
        } catch (IllegalArgumentException e) {
            throw new DuisException(DuisCodes.E12, "DeviceID: " + e.getMessage());
        }
        if (r.useCase().equals("CCS02")) {
            return Dlms.of(new ChfDeviceLog.RemoveDevice(device));
        }
        if (!"Add".equals(body.text("RequestType"))) {
            throw new DuisException(DuisCodes.E12, "RequestType must be Add or Remove");
        }
        XmlNode add = Fields.required(body, "AddDeviceToCHFWhitelist");
        int join = (int) Fields.number(add, "JoinTimePeriod", 1, 3600);
        String code = add.text("InstallCode");
        byte[] installCode;
        try {
            installCode = HexFormat.of().parseHex(code == null ? "" : code.trim());
        } catch (IllegalArgumentException e) {
            throw new DuisException(DuisCodes.E12, "InstallCode must be hexadecimal");
        }
        if (installCode.length < 6 || installCode.length > 16) {
            throw new DuisException(DuisCodes.E12, "InstallCode must be 6 to 16 octets, not " + installCode.length);
        }
        Optional<HanDeviceType> type = r.directory().hanDeviceType(device);
        if (type.isEmpty()) {
            String mpxn = add.child("ImportMPxN").map(XmlNode::text).map(String::trim).orElse(null);
            if (mpxn == null) {
                throw new DuisException(DuisCodes.E12, "cannot tell the HAN device type of " + device
                        + ": it is not in the inventory and the request has no ImportMPxN");
            }
            type = Optional.of(mpxn.matches("[0-9]{13}") ? HanDeviceType.ESME : HanDeviceType.GSME);
        }
        return Dlms.of(new ChfDeviceLog.AddDevice(device, type.get(), installCode, join));
    }
}
