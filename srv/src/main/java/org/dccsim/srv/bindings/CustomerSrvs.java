package org.dccsim.srv.bindings;

import static org.dccsim.srv.bindings.Roles.O;
import static org.dccsim.srv.bindings.Roles.S;

import java.util.Map;
import java.util.Optional;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisException;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;
import org.dccsim.srv.Srv;
import org.dccsim.srv.SrvCatalogue;

/**
 * DUIS section 3, what the consumer sees and keeps: messages on the display, the change-of-tenancy restriction, the
 * event logs, the supplier's name and telephone number, the privacy PIN; and 9.1, the Customer Identification Number
 * on the display. Each is a set or an action on the objects GBCS's table lists for its use case (values and their
 * encodings checked against the RTDS by TransformParityTest).
 */
public final class CustomerSrvs {
    /** GBCS ECS16: the supplier's telephone number (0-0:96.13.0.255) and name (0-0:96.13.1.255), in table order. */
    private static final ObisCode SUPPLIER_TELEPHONE = ObisCode.parse("0-0:96.13.0.255");

    private CustomerSrvs() {
    }

    public static void register(SrvCatalogue.Builder c) {
        // GBCS ECS10: the message (0-2:96.13.1.255, at most 116 octets) the IHD and meter show.
        c.add(Srv.of("3.1", "Display Message").body("DisplayMessage").useCases("ECS10").roles(S)
                .futureDating(Srv.FutureDating.DCC).reader(r -> {
                    byte[] message = Fields.text(r.body(), "SupplierMessage", 1, 116);
                    return Dlms.of(Dlms.items("ECS10", i -> Optional.of(Data.octets(message))));
                }));
        // GBCS ECS12: data before this date-time (0-0:94.44.3.2) is withheld from the consumer's displays.
        c.add(Srv.of("3.2", "Restrict Access For Change Of Tenancy").body("RestrictAccessForChangeOfTenancy")
                .useCases("ECS12").roles(S).futureDating(Srv.FutureDating.DCC).reader(r -> {
                    CosemDateTime at = CosemDateTime.ofInstant(Fields.instantInRange(r.body(), "RestrictionDateTime"));
                    return Dlms.of(Dlms.items("ECS12", i -> Optional.of(Data.octets(at.toBytes()))));
                }));
        // GBCS ECS15a clears the ESME's event log, ECS15c the ALCS event log (capture_objects reset, method 1 with 0);
        // DUIS names the log in ESMEEventLogType.
        c.add(Srv.of("3.3", "Clear Event Log").body("ClearEventLog").useCases("ECS15a", "ECS15c").roles(S)
                .choice((srv, sr, role, directory) -> {
                    String log = sr.body().text("ESMEEventLogType");
                    String uc = log == null ? null : Map.of("ESME", "ECS15a", "ALCS", "ECS15c").get(log.trim());
                    if (uc == null) {
                        throw new DuisException(DuisCodes.E12, "ESMEEventLogType must be ESME or ALCS");
                    }
                    return uc;
                }).reader(r -> Dlms.of(Dlms.items(r.useCase(), i -> Optional.of(new Data.Integer8(0))))));
        c.add(Srv.of("3.4", "Update Supplier Name").body("UpdateSupplierName").useCases("ECS16").roles(S)
                .futureDating(Srv.FutureDating.DCC).reader(r -> {
                    byte[] name = Fields.text(r.body(), "SupplierName", 1, 15);
                    byte[] telephone = Fields.text(r.body(), "SupplierTelephoneNumber", 1, 18);
                    return Dlms.of(Dlms.items("ECS16", i -> Optional.of(Data.octets(
                            i.target().obis().equals(SUPPLIER_TELEPHONE) ? telephone : name))));
                }));
        // GBCS ECS50: the Customer Identification Number the DCC chose, four ASCII digits, to the ESME's CIN object
        // (0-3:96.13.1.255) for its display; only the ACB sends ECS50, so an Other User's 9.1 goes out from the ACB.
        c.add(Srv.of("9.1", "Request Customer Identification Number").body("RequestCustomerIdentificationNumber")
                .useCases("ECS50").roles(O).reader(r -> {
                    String cin = r.dcc().customerIdentificationNumber();
                    if (!cin.matches("[0-9]{4}")) {
                        throw new IllegalStateException("a Customer Identification Number is four digits, not " + cin);
                    }
                    byte[] digits = cin.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    return Dlms.of(Dlms.items("ECS50", i -> Optional.of(Data.octets(digits))));
                }));
        // GBCS ECS14: an empty PIN (0-0:94.44.3.1) turns the privacy PIN off.
        c.add(Srv.of("3.5", "Disable Privacy PIN").body("DisablePrivacyPIN").useCases("ECS14").roles(S)
                .reader(r -> Dlms.of(Dlms.items("ECS14", i -> Optional.of(Data.octets(new byte[0]))))));
    }
}
