package org.dccsim.srv.bindings;

import static org.dccsim.srv.bindings.Roles.N;
import static org.dccsim.srv.bindings.Roles.S;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.UserRole;
import org.dccsim.duis.XmlNode;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.crypto.KeyStoreException;
import org.dccsim.gbcs.crypto.KeyUsage;
import org.dccsim.gbcs.crypto.SmkiCertificates;
import org.dccsim.gbcs.usecase.DeviceSecurityCredentials;
import org.dccsim.gbcs.usecase.LoadControllerCredentials;
import org.dccsim.gbcs.usecase.SecurityCredentialDetails;
import org.dccsim.srv.Srv.FutureDating;
import org.dccsim.srv.Srv.Sender;
import org.dccsim.srv.Srv;
import org.dccsim.srv.SrvCatalogue;

/** DUIS 6.15, 6.17 and 6.24: a device's security credentials (GBCS CS02, ASN.1 payloads). */
public final class CredentialSrvs {
    private CredentialSrvs() {
    }

    public static void register(SrvCatalogue.Builder c) {
        // 6.15.1 by RemotePartyRole: the Load Controller's cell (CS02g, by the supplier), or the sender's own cell
        // (CS02b: a supplier's by the supplier, a network operator's by the network operator).
        c.add(Srv.of("6.15.1", "Update Security Credentials (KRP)").body("UpdateSecurityCredentialsKRP")
                .useCases("CS02g", "CS02bSupplierBySupplier", "CS02bNOByNO").roles(S, N)
                .choice((srv, sr, role, directory) -> switch (sr.body().text("RemotePartyRole").trim()) {
                    case "LoadController" -> role == null || role == UserRole.SUPPLIER ? "CS02g" : refuse("the Load Controller's credentials are "
                            + "the supplier's to install");
                    case "Supplier" -> role == null || role == UserRole.SUPPLIER ? "CS02bSupplierBySupplier"
                            : refuse("only a supplier replaces a supplier's credentials");
                    case "NetworkOperator" -> role == null || role == UserRole.NETWORK_OPERATOR ? "CS02bNOByNO"
                            : refuse("only a network operator replaces a network operator's credentials");
                    default -> refuse("6.15.1 for " + sr.body().text("RemotePartyRole")
                            + " (a DCC party's cell, CS02b) is not supported by dccsim; LoadController, Supplier and "
                            + "NetworkOperator are");
                })
                .futureDating(FutureDating.DEVICE).reader(CredentialSrvs::updateCredentials));
        // 6.23, a change of supplier: the DCC's Transitional CoS party replaces the old supplier's cell with the new
        // supplier's certificates (CS02b SupplierByTransCoS, 0x0107), signing it in its own name.
        c.add(Srv.of("6.23", "Update Security Credentials (CoS)").body("UpdateSecurityCredentialsCoS")
                .useCases("CS02bSupplierByTransCoS").roles(S).sender(Sender.TRANSITIONAL_COS)
                .futureDating(FutureDating.DEVICE).reader(CredentialSrvs::changeOfSupplier));
        // 6.21, a DCC-controlled device (one whose supplier and network operator cells hold the DCC's ACB): at the
        // supplier's request the ACB hands a cell over, signing the CS02b as the cell's holder: the supplier's own
        // (SupplierBySupplierHandover 0x0102) or the network operator's (NOByNOHandover 0x0103; DUIS lets only
        // suppliers ask, and DCC's template for it comes from the supplier). The DCC holds it to any
        // ExecutionDateTime (DUIS: future dated by the DSP).
        c.add(Srv.of("6.21", "Request Handover Of DCC Controlled Device").body("RequestHandoverOfDCCControlledDevice")
                .useCases("CS02bSupplierBySupplierHandover", "CS02bNOByNOHandover").roles(S)
                .choice((srv, sr, role, directory) -> switch (sr.body().text("RemotePartyRole").trim()) {
                    case "Supplier" -> "CS02bSupplierBySupplierHandover";
                    case "NetworkOperator" -> "CS02bNOByNOHandover";
                    default -> refuse("6.21 hands over a supplier's or network operator's cell, not "
                            + sr.body().text("RemotePartyRole"));
                })
                .sender(Sender.ACB_SIGNS).futureDating(FutureDating.DCC).reader(CredentialSrvs::handover));
        // A device's own credentials (GBCS 13.4-13.6): a new key pair and its certification request (6.17), the
        // certificate SMKI issued for it placed on the device (6.15.2), and the device's certificate read back (6.24.2).
        c.add(Srv.of("6.17", "Issue Security Credentials").body("IssueSecurityCredentials").useCases("CS02c").roles(S)
                .reader(r -> usage(r, DeviceSecurityCredentials.CS02C)));
        c.add(Srv.of("6.15.2", "Update Security Credentials (Device)").body("UpdateSecurityCredentialsDevice")
                .useCases("CS02d").roles(S).reader(CredentialSrvs::deviceCertificate));
        c.add(Srv.of("6.24.2", "Retrieve Device Security Credentials (Device)").body("RetrieveDeviceSecurityCredentialsDevice")
                .useCases("CS02e").roles(S).reader(r -> usage(r, DeviceSecurityCredentials.CS02E)));
        // The ACB sends these in its own name and MACs them (the RTDS's CS02aMAC and CS02fMAC: the ACB's counter, no
        // supplementary fields); CS02a is the legacy form of CS02f.
        c.add(Srv.of("6.24.1", "Retrieve Device Security Credentials (KRP)").body("RetrieveDeviceSecurityCredentialsKRP")
                .useCases("CS02fMAC", "CS02aMAC").roles(S, N).sender(Sender.ACB_OWN_NAME).reader(CredentialSrvs::details));
    }

    /**
     * 6.23: mode 7, authorised by the Transitional CoS party (role 5) for the supplier's cell (role 2), its floor and
     * top-up floor in [6], the new supplier's certificates (the top-up one cell 1). ImportMPxN identifies the supply the
     * change is for; the DCC does not check it against its inventory (a decision: dccsim's inventory keeps no MPxNs).
     */
    private static Srv.Command changeOfSupplier(Srv.Request r) throws DuisException {
        XmlNode body = r.body();
        boolean cpvTimeChecks = !"false".equals(body.child("ApplyTimeBasedCPVChecks").map(XmlNode::text).map(String::trim)
                .orElse("true"));
        long floor = Fields.number(body, "SupplierFloorSeqNumber", 0, Long.MAX_VALUE);
        Long topUpFloor = body.child("SupplierPrepaymentTopUpFloorSeqNumber").isPresent()
                ? Fields.number(body, "SupplierPrepaymentTopUpFloorSeqNumber", 0, Long.MAX_VALUE) : null;
        List<LoadControllerCredentials.Replacement> reps = replacements(Fields.required(body, "SupplierReplacementCertificates"),
                LoadControllerCredentials.ROLE_SUPPLIER);
        List<byte[]> path = certificationPath(body);
        Instant execution = Fields.executionDateTime(body)
                .map(at -> at.isBefore(Fields.CANCEL_FROM) ? at : Instant.parse("9999-12-31T23:59:59Z")).orElse(null);
        var cmd = new LoadControllerCredentials.Command(LoadControllerCredentials.MODE_SUPPLIER_BY_TRANSITIONAL_COS,
                cpvTimeChecks, LoadControllerCredentials.ROLE_TRANSITIONAL_COS, r.dccCounter(),
                LoadControllerCredentials.ROLE_SUPPLIER, floor, topUpFloor, reps, path, execution);
        return new Srv.Command.Asn1(LoadControllerCredentials.SUPPLIER_BY_TRANSITIONAL_COS, LoadControllerCredentials.encode(cmd));
    }

    /**
     * 6.21: CS02b in the mode of the party's own replacement (2 supplier, 3 network operator), authorised by that cell
     * (whose holder, the ACB, signs it), with the ACB's counter. The supplier's cell takes the requesting supplier's
     * own certificates; the network operator's takes another party's (E12 otherwise: a supplier never puts itself
     * in the network operator's cell). The device checks the certificates are all one party's.
     */
    private static Srv.Command handover(Srv.Request r) throws DuisException {
        XmlNode body = r.body();
        boolean supplier = r.useCase().equals("CS02bSupplierBySupplierHandover");
        int role = supplier ? LoadControllerCredentials.ROLE_SUPPLIER : LoadControllerCredentials.ROLE_NETWORK_OPERATOR;
        long floor = body.child("RemotePartyFloorSeqNumber").isPresent()
                ? Fields.number(body, "RemotePartyFloorSeqNumber", 0, Long.MAX_VALUE) : 0;
        Long topUpFloor = body.child("RemotePartyPrepaymentTopUpFloorSeqNumber").isPresent()
                ? Fields.number(body, "RemotePartyPrepaymentTopUpFloorSeqNumber", 0, Long.MAX_VALUE) : null;
        if (topUpFloor != null && !supplier) {
            throw new DuisException(DuisCodes.E12, "RemotePartyPrepaymentTopUpFloorSeqNumber is a supplier's");
        }
        List<LoadControllerCredentials.Replacement> reps = replacements(Fields.required(body, "ReplacementCertificates"), role);
        if (reps.stream().noneMatch(rep -> rep.usage() == LoadControllerCredentials.USAGE_DIGITAL_SIGNATURE)) {
            // DUIS ReplacementCertificatesDCCHandover: the signing certificate is mandatory; the ACB's key leaves the cell.
            throw new DuisException(DuisCodes.E12, "6.21 needs the new party's DigitalSigningCertificate");
        }
        Eui64 sender = r.serviceRequest().requestId().originator();
        if (supplier) {
            senderOwns(reps, sender);
        } else {
            // The network operator's cell goes to the network operator the DCC's registration data names for the
            // device, never to the supplier or a party of its choosing.
            Eui64 device = r.serviceRequest().requestId().target();
            Optional<Eui64> registered = r.directory().networkOperator(device);
            if (registered.isEmpty() && r.directory().deviceType(device).isPresent()) {
                throw new DuisException(DuisCodes.E12, "the inventory registers no network operator for " + device);
            }
            for (LoadControllerCredentials.Replacement rep : reps) {
                Eui64 party = party(rep);
                if (party.equals(sender)) {
                    throw new DuisException(DuisCodes.E12, "the network operator's cell cannot take the supplier's own "
                            + "certificates");
                }
                if (registered.isPresent() && !registered.get().equals(party)) {
                    throw new DuisException(DuisCodes.E12, "a replacement certificate is " + party + "'s, not the device's "
                            + "network operator's (" + registered.get() + ")");
                }
            }
        }
        List<byte[]> path = certificationPath(body);
        var cmd = new LoadControllerCredentials.Command(supplier ? LoadControllerCredentials.MODE_SUPPLIER_BY_SUPPLIER
                : LoadControllerCredentials.MODE_NETWORK_OPERATOR_BY_NETWORK_OPERATOR, Fields.bool(body, "ApplyTimeBasedCPVChecks"),
                role, r.dccCounter(), role, floor, topUpFloor, reps, path, null);
        return new Srv.Command.Asn1(supplier ? LoadControllerCredentials.SUPPLIER_BY_SUPPLIER
                : LoadControllerCredentials.NETWORK_OPERATOR_BY_NETWORK_OPERATOR, LoadControllerCredentials.encode(cmd));
    }

    /** A party replaces a cell with its own certificates, never another party's: E12 otherwise. */
    private static void senderOwns(List<LoadControllerCredentials.Replacement> reps, Eui64 sender) throws DuisException {
        for (LoadControllerCredentials.Replacement rep : reps) {
            Eui64 party = party(rep);
            if (!party.equals(sender)) {
                throw new DuisException(DuisCodes.E12, "a replacement certificate is " + party + "'s, not the sender's ("
                        + sender + ")");
            }
        }
    }

    /** The body's CertificationPathCertificates, each an X.509 certificate (E12 otherwise). */
    static List<byte[]> certificationPath(XmlNode body) throws DuisException {
        List<byte[]> path = new ArrayList<>();
        for (XmlNode cert : Fields.required(body, "CertificationPathCertificates").all("Certificate")) {
            path.add(Fields.certificate(cert));
        }
        return path;
    }

    /** The party an SMKI replacement certificate names (its x500UniqueIdentifier); E12 for one that names none. */
    private static Eui64 party(LoadControllerCredentials.Replacement rep) throws DuisException {
        try {
            return SmkiCertificates.parse(rep.certificate()).party();
        } catch (KeyStoreException e) {
            throw new DuisException(DuisCodes.E12, "a replacement certificate is unreadable: " + e.getMessage());
        }
    }

    /** The DS, KA and KA top-up (cell 1) certificates a body gives, for {@code role}; E12 for none. */
    static List<LoadControllerCredentials.Replacement> replacements(XmlNode certs, int role) throws DuisException {
        List<LoadControllerCredentials.Replacement> reps = new ArrayList<>();
        Optional<XmlNode> ds = certs.child("DigitalSigningCertificate");
        Optional<XmlNode> ka = certs.child("KeyAgreementCertificate");
        Optional<XmlNode> topUp = certs.child("KeyAgreementTopUpCertificate");
        if (ds.isPresent()) {
            reps.add(new LoadControllerCredentials.Replacement(Fields.certificate(ds.get()), role,
                    LoadControllerCredentials.USAGE_DIGITAL_SIGNATURE));
        }
        if (ka.isPresent()) {
            reps.add(new LoadControllerCredentials.Replacement(Fields.certificate(ka.get()), role,
                    LoadControllerCredentials.USAGE_KEY_AGREEMENT));
        }
        if (topUp.isPresent()) {
            if (role != LoadControllerCredentials.ROLE_SUPPLIER) {
                throw new DuisException(DuisCodes.E12, "KeyAgreementTopUpCertificate is a supplier's (its prepayment cell)");
            }
            reps.add(new LoadControllerCredentials.Replacement(Fields.certificate(topUp.get()), role,
                    LoadControllerCredentials.USAGE_KEY_AGREEMENT, LoadControllerCredentials.CELL_TOP_UP));
        }
        if (reps.isEmpty()) {
            throw new DuisException(DuisCodes.E12, "no replacement certificate is given");
        }
        return reps;
    }

    private static String refuse(String why) throws DuisException {
        throw new DuisException(DuisCodes.E12, why);
    }

    /**
     * 6.15.1: CS02g by the supplier (0x0126) for the Load Controller's cell; CS02b for the sender's own (0x0102 supplier,
     * 0x0103 network operator), whose key agreement top-up certificate (the supplier's prepayment cell) is cell 1 and
     * whose ApplyTimeBasedCPVChecks false is header field [1]. An ExecutionDateTime of the year 3000 or later cancels a
     * pending update (GBCS 9999-12-31T23:59:59, as in the RTDS).
     */
    private static Srv.Command updateCredentials(Srv.Request r) throws DuisException {
        XmlNode body = r.body();
        boolean cpvTimeChecks = !"false".equals(body.child("ApplyTimeBasedCPVChecks").map(XmlNode::text).map(String::trim)
                .orElse("true"));
        boolean loadController = r.useCase().equals("CS02g");
        if (loadController && !cpvTimeChecks) {
            throw new DuisException(DuisCodes.E12, "ApplyTimeBasedCPVChecks false is not supported for the Load Controller "
                    + "(no RTDS CS02g command carries it)");
        }
        int role = loadController ? LoadControllerCredentials.ROLE_LOAD_CONTROLLER
                : r.useCase().equals("CS02bNOByNO") ? LoadControllerCredentials.ROLE_NETWORK_OPERATOR
                : LoadControllerCredentials.ROLE_SUPPLIER;
        long floor = body.child("RemotePartyFloorSeqNumber").isPresent()
                ? Fields.number(body, "RemotePartyFloorSeqNumber", 0, Long.MAX_VALUE) : 0;
        Long topUpFloor = body.child("RemotePartyPrepaymentTopUpFloorSeqNumber").isPresent()
                ? Fields.number(body, "RemotePartyPrepaymentTopUpFloorSeqNumber", 0, Long.MAX_VALUE) : null;
        if (topUpFloor != null && role != LoadControllerCredentials.ROLE_SUPPLIER) {
            throw new DuisException(DuisCodes.E12, "RemotePartyPrepaymentTopUpFloorSeqNumber is a supplier's");
        }
        List<LoadControllerCredentials.Replacement> reps = replacements(Fields.required(Fields.required(body,
                "ReplacementCertificates"), "SupplierOrNetworkOperatorCertificates"), role);
        if (!loadController) {
            // A party replaces its own cell with its own certificates: never another party's (a decision: the device
            // refuses it too, and the DCC says why).
            senderOwns(reps, r.serviceRequest().requestId().originator());
        }
        List<byte[]> path = certificationPath(body);
        Instant execution = Fields.executionDateTime(body)
                .map(at -> at.isBefore(Fields.CANCEL_FROM) ? at : Instant.parse("9999-12-31T23:59:59Z")).orElse(null);
        long counter = r.serviceRequest().requestId().counter();
        if (loadController) {
            var cmd = new LoadControllerCredentials.Command(LoadControllerCredentials.ROLE_SUPPLIER, counter, role, floor,
                    reps, path, execution);
            return new Srv.Command.Asn1(LoadControllerCredentials.BY_SUPPLIER, LoadControllerCredentials.encode(cmd));
        }
        boolean supplier = role == LoadControllerCredentials.ROLE_SUPPLIER;
        var cmd = new LoadControllerCredentials.Command(supplier ? LoadControllerCredentials.MODE_SUPPLIER_BY_SUPPLIER
                : LoadControllerCredentials.MODE_NETWORK_OPERATOR_BY_NETWORK_OPERATOR, cpvTimeChecks, role, counter, role,
                floor, topUpFloor, reps, path, execution);
        return new Srv.Command.Asn1(supplier ? LoadControllerCredentials.SUPPLIER_BY_SUPPLIER
                : LoadControllerCredentials.NETWORK_OPERATOR_BY_NETWORK_OPERATOR, LoadControllerCredentials.encode(cmd));
    }

    /** 6.17 and 6.24.2: CredentialType names the key (DUIS CredentialType: Digital Signature or Key Agreement). */
    private static Srv.Command usage(Srv.Request r, int messageCode) throws DuisException {
        String type = Fields.required(r.body(), "CredentialType").text().trim();
        KeyUsage usage = switch (type) {
            case "Digital Signature" -> KeyUsage.DS;
            case "Key Agreement" -> KeyUsage.KA;
            default -> throw new DuisException(DuisCodes.E12, "CredentialType " + type
                    + " is neither Digital Signature nor Key Agreement");
        };
        return new Srv.Command.Asn1(messageCode, DeviceSecurityCredentials.encodeUsage(usage));
    }

    /**
     * 6.15.2: the certificate goes to the device as it is (CS02d's content); the DCC checks first that it is a device
     * certificate for the device the request names (a decision: the device would refuse it anyway, and a user should
     * hear why from the DCC rather than as a bare GBCS error).
     */
    private static Srv.Command deviceCertificate(Srv.Request r) throws DuisException {
        byte[] cert = Fields.base64(Fields.required(r.body(), "DeviceCertificate"));
        SmkiCertificates.Parsed parsed;
        try {
            DeviceSecurityCredentials.requireSequence(cert);
            parsed = SmkiCertificates.parse(cert);
        } catch (GbcsDecodeException | KeyStoreException e) {
            throw new DuisException(DuisCodes.E12, "DeviceCertificate is not a readable certificate: " + e.getMessage());
        }
        Eui64 device = r.serviceRequest().requestId().target();
        if (!parsed.party().equals(device)) {
            throw new DuisException(DuisCodes.E12, "DeviceCertificate is " + parsed.party() + "'s, not " + device + "'s");
        }
        if (parsed.digitalSignature() == parsed.keyAgreement()) {
            throw new DuisException(DuisCodes.E12, "DeviceCertificate must be for digitalSignature or keyAgreement, one of them");
        }
        return new Srv.Command.Asn1(DeviceSecurityCredentials.CS02D, cert);
    }

    /** 6.24.1: RemotePartyRole names map to the role numbers the RTDS uses. */
    private static Srv.Command details(Srv.Request r) throws DuisException {
        List<Integer> roles = new ArrayList<>();
        for (XmlNode role : r.body().all("RemotePartyRole")) {
            roles.add(switch (role.text().trim()) {
                case "Supplier" -> SecurityCredentialDetails.ROLE_SUPPLIER;
                case "NetworkOperator" -> SecurityCredentialDetails.ROLE_NETWORK_OPERATOR;
                case "AccessControlBroker" -> SecurityCredentialDetails.ROLE_ACCESS_CONTROL_BROKER;
                case "LoadController" -> SecurityCredentialDetails.ROLE_LOAD_CONTROLLER;
                default -> throw new DuisException(DuisCodes.E12, "RemotePartyRole " + role.text().trim()
                        + " is not one dccsim asks devices about (Supplier, NetworkOperator, AccessControlBroker, LoadController)");
            });
        }
        if (roles.isEmpty() || roles.size() > 8) {
            throw new DuisException(DuisCodes.E12, "6.24.1 names 1 to 8 RemotePartyRole");
        }
        int code = r.useCase().equals("CS02aMAC") ? SecurityCredentialDetails.CS02A : SecurityCredentialDetails.CS02F;
        return new Srv.Command.Asn1(code, SecurityCredentialDetails.encode(new SecurityCredentialDetails.Command(
                SecurityCredentialDetails.ROLE_ACCESS_CONTROL_BROKER, LoadControllerCredentials.USAGE_KEY_AGREEMENT, roles)));
    }
}
