package org.dccsim.srv.bindings;

import static org.dccsim.srv.bindings.Roles.N;
import static org.dccsim.srv.bindings.Roles.S;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisException;
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
        c.add(Srv.of("6.15.1", "Update Security Credentials (KRP)").body("UpdateSecurityCredentialsKRP").useCases("CS02g")
                .roles(S).futureDating(FutureDating.DEVICE).reader(CredentialSrvs::loadController));
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
     * 6.15.1 for the Load Controller role: CS02g by the supplier (0x0126). Other roles are CS02b, not supported yet.
     * An ExecutionDateTime of the year 3000 or later cancels a pending update (GBCS 9999-12-31T23:59:59, as in the
     * RTDS).
     */
    private static Srv.Command loadController(Srv.Request r) throws DuisException {
        XmlNode body = r.body();
        if (!"LoadController".equals(body.text("RemotePartyRole"))) {
            throw new DuisException(DuisCodes.E12, "6.15.1 for " + body.text("RemotePartyRole")
                    + " (CS02b) is not supported by dccsim yet; LoadController (CS02g) is");
        }
        if (!"true".equals(body.child("ApplyTimeBasedCPVChecks").map(XmlNode::text).orElse("true"))) {
            throw new DuisException(DuisCodes.E12, "ApplyTimeBasedCPVChecks false is not supported (its GBCS encoding is unknown)");
        }
        long floor = body.child("RemotePartyFloorSeqNumber").isPresent()
                ? Fields.number(body, "RemotePartyFloorSeqNumber", 0, Long.MAX_VALUE) : 0;
        XmlNode certs = Fields.required(Fields.required(body, "ReplacementCertificates"), "SupplierOrNetworkOperatorCertificates");
        List<LoadControllerCredentials.Replacement> reps = new ArrayList<>();
        Optional<XmlNode> ds = certs.child("DigitalSigningCertificate");
        Optional<XmlNode> ka = certs.child("KeyAgreementCertificate");
        if (ds.isPresent()) {
            reps.add(new LoadControllerCredentials.Replacement(Fields.base64(ds.get()),
                    LoadControllerCredentials.ROLE_LOAD_CONTROLLER, LoadControllerCredentials.USAGE_DIGITAL_SIGNATURE));
        }
        if (ka.isPresent()) {
            reps.add(new LoadControllerCredentials.Replacement(Fields.base64(ka.get()),
                    LoadControllerCredentials.ROLE_LOAD_CONTROLLER, LoadControllerCredentials.USAGE_KEY_AGREEMENT));
        }
        if (reps.isEmpty()) {
            throw new DuisException(DuisCodes.E12, "6.15.1 replaces no certificate");
        }
        List<byte[]> path = new ArrayList<>();
        for (XmlNode cert : Fields.required(body, "CertificationPathCertificates").all("Certificate")) {
            path.add(Fields.base64(cert));
        }
        Instant execution = Fields.executionDateTime(body)
                .map(at -> at.isBefore(Fields.CANCEL_FROM) ? at : Instant.parse("9999-12-31T23:59:59Z")).orElse(null);
        var cmd = new LoadControllerCredentials.Command(LoadControllerCredentials.ROLE_SUPPLIER,
                r.serviceRequest().requestId().counter(), LoadControllerCredentials.ROLE_LOAD_CONTROLLER, floor, reps, path,
                execution);
        return new Srv.Command.Asn1(LoadControllerCredentials.BY_SUPPLIER, LoadControllerCredentials.encode(cmd));
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
