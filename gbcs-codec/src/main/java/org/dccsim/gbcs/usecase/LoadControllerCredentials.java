package org.dccsim.gbcs.usecase;

import java.io.IOException;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.internal.StrictDer;
import org.dccsim.gbcs.GbcsDecodeException.Reason;

/**
 * GBCS's Update Security Credentials payloads (section 13.3), ASN.1 DER: CS02g, the Load Controller's credentials as a
 * supplier (0x0126) or the Load Controller itself (0x0125) replaces them, with its outcome alert (0x0124); and CS02b's
 * updates of a party's own cell, a supplier's by the supplier (0x0102) and a network operator's by the network operator
 * (0x0103), with theirs (0x00CB). The device's response and the alert are the same for both. Layouts are read from the
 * RTDS (GBCS section 13 is not at hand):
 *
 * <pre>
 * command  SEQUENCE { header,
 *                     SEQUENCE OF SEQUENCE { Certificate, SEQUENCE { INTEGER role, BIT STRING key usage,
 *                                                                   INTEGER cell OPTIONAL (1: the top-up KA cell) } },
 *                     SEQUENCE OF Certificate (certification path),
 *                     GeneralizedTime OPTIONAL (execution; 9999-12-31 23:59:59 cancels) }
 * CS02g header  SEQUENCE { INTEGER 11, [2] { INTEGER authorising role, BIT STRING key usage },
 *                          [3] INTEGER originator counter, [6] { SEQUENCE { INTEGER role, INTEGER floor } } }
 * CS02b header  SEQUENCE { INTEGER mode (2 supplier by supplier, 3 network operator by network operator,
 *                                         4 ACB by ACB, 7 supplier by the Transitional CoS party),
 *                          [1] INTEGER 1 OPTIONAL (time-based certification path checks not applied),
 *                          [2] { INTEGER authorising role, BIT STRING key usage } (absent for the ACB's own, which
 *                          it MACs and does not sign), [3] INTEGER originator counter,
 *                          [4] INTEGER floor, [5] { SEQUENCE { INTEGER 0, INTEGER top-up floor } } OPTIONAL (supplier)
 *                          for the sender's own cell; for another's, as CS02g, [6] { SEQUENCE { role, floor,
 *                          [ SEQUENCE { SEQUENCE { 0, top-up floor } } ] } } }
 * response SEQUENCE { NULL, result }  (immediate)   |   SEQUENCE { NULL }  (future-dated accepted)
 * alert    SEQUENCE { INTEGER 8F66 or 8F67, GeneralizedTime, result }
 * result   SEQUENCE { INTEGER counter, INTEGER mode, SEQUENCE { SEQUENCE { role, floor, [ SEQUENCE { SEQUENCE {0, top-up
 *                     floor} } ] } }, SEQUENCE OF SEQUENCE { SEQUENCE { role, usage [, cell] }, ENUMERATED status,
 *                     new EUI, new key id, prior EUI, prior key id (OCTET STRING 8 each) } }
 * </pre>
 *
 * Reading [1]: the RTDS's only command whose DUIS request says ApplyTimeBasedCPVChecks false is the only one carrying
 * it. The top-up floor pair is {0, 0} in every RTDS vector; which of its two INTEGERs the DUIS
 * RemotePartyPrepaymentTopUpFloorSeqNumber fills is a guess (the second). CS02g's leading INTEGER is 11 in every RTDS
 * command; we send 11 and read any value.
 */
public final class LoadControllerCredentials {
    public static final int BY_SUPPLIER = 0x0126;
    public static final int BY_LOAD_CONTROLLER = 0x0125;
    public static final int FUTURE_DATED_ALERT = 0x0124;
    /** CS02b: a supplier's own cell by the supplier, a network operator's by the network operator, and their alert. */
    public static final int SUPPLIER_BY_SUPPLIER = 0x0102;
    public static final int NETWORK_OPERATOR_BY_NETWORK_OPERATOR = 0x0103;
    public static final int CS02B_FUTURE_DATED_ALERT = 0x00CB;
    /**
     * CS02b's codes by which a party replaces its own cell (RTDS 4.5.0: SupplierBySupplier, NOByNO, ACBByACB, WPByWP,
     * TransCoSByTransCoS). Each carries the code's low octet as its mode (2 to 6), as 0x0107 carries 7.
     */
    private static final java.util.Map<Integer, Role> OWN_CELL = java.util.Map.of(0x0102, Role.SUPPLIER,
            0x0103, Role.NETWORK_OPERATOR, 0x0104, Role.ACB, 0x0105, Role.WAN_PROVIDER, 0x0106, Role.TRANSITIONAL_COS);

    /** The party whose own cell a CS02b of this message code replaces, if the code is one of those. */
    public static java.util.Optional<Role> ownCellReplacedBy(int messageCode) {
        return java.util.Optional.ofNullable(OWN_CELL.get(messageCode));
    }

    /** The mode a CS02b of this message code carries: its low octet. */
    public static int cs02bMode(int messageCode) {
        return messageCode & 0xFF;
    }

    /**
     * CS02b by the Recovery party (RTDS AnyExceptAbnormalRootByRecovery), signed and not MACed: after a compromise of
     * the DCC's keys it replaces any cells but the root's at once. Its header names the Recovery cell's floor in [4] and
     * every other replaced cell's floors in [6], one entry each; its result lists them all, the Recovery cell's first.
     */
    public static final int RECOVERY_ANY_EXCEPT_ROOT = 0x0108;
    public static final int MODE_RECOVERY = 8;
    public static final int ROLE_RECOVERY = 1;
    public static final int MODE_SUPPLIER_BY_SUPPLIER = 2;
    public static final int MODE_NETWORK_OPERATOR_BY_NETWORK_OPERATOR = 3;
    /** CS02b on a change of supplier: the supplier's cell by the DCC's Transitional CoS party (DUIS 6.23). */
    public static final int SUPPLIER_BY_TRANSITIONAL_COS = 0x0107;
    public static final int MODE_SUPPLIER_BY_TRANSITIONAL_COS = 7;
    /**
     * CS02b by which the ACB replaces its own cell (DUIS 8.5, Service Opt Out: RTDS ACBByACB). The ACB MACs it and does
     * not sign it, so its header names no authorising party ([2]).
     */
    public static final int ACB_BY_ACB = 0x0104;
    public static final int MODE_ACB_BY_ACB = 4;
    public static final int ROLE_ACB = 4;
    public static final int ROLE_TRANSITIONAL_COS = 5;
    public static final int ROLE_NETWORK_OPERATOR = 3;
    /** The replacement's cell: the supplier's prepayment top-up key agreement cell (the RTDS's INTEGER 1). */
    public static final int CELL_TOP_UP = 1;
    public static final int ROLE_SUPPLIER = 2;
    public static final int ROLE_LOAD_CONTROLLER = 8;
    /** X.509 KeyUsage bits as the RTDS writes them: digitalSignature (bit 0), keyAgreement (bit 4). */
    public static final int USAGE_DIGITAL_SIGNATURE = 0x80;
    public static final int USAGE_KEY_AGREEMENT = 0x08;
    public static final int STATUS_SUCCESS = 0;
    public static final int STATUS_FAILED = 10;
    static final int COMMAND_TYPE = 11;
    /** CS02g's mode when the Load Controller replaces its own cell (0x0125; the RTDS's LoadControllerByLoadController). */
    public static final int MODE_LOAD_CONTROLLER_BY_LOAD_CONTROLLER = 10;
    static final Instant CANCEL = Instant.parse("9999-12-31T23:59:59Z");
    private static final DateTimeFormatter GENERALIZED = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private LoadControllerCredentials() {
    }

    /** A replacement certificate, the role and usage it is for, and its cell ({@link #CELL_TOP_UP}, or -1 for none). */
    public record Replacement(byte[] certificate, int role, int usage, int cell) {
        public Replacement {
            certificate = certificate.clone();
        }

        public Replacement(byte[] certificate, int role, int usage) {
            this(certificate, role, usage, -1);
        }

        @Override
        public byte[] certificate() {
            return certificate.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Replacement r && role == r.role && usage == r.usage && cell == r.cell
                    && Arrays.equals(certificate, r.certificate);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(certificate) * 31 + role * 7 + usage + cell * 131;
        }
    }

    /** A cell's floor sequence numbers: its role, its floor, and the supplier's prepayment top-up floor or null. */
    public record Floor(int role, long floor, Long topUpFloor) {
    }

    /**
     * @param mode          {@link #COMMAND_TYPE} (CS02g) or a CS02b mode
     * @param cpvTimeChecks whether the device applies time-based certification path checks (DUIS ApplyTimeBasedCPVChecks)
     * @param topUpFloor    CS02b's prepayment top-up floor (the supplier's), or null for none
     * @param execution     null for immediate; {@link #CANCEL} to cancel a pending future-dated update
     * @param moreFloors    the Recovery party's command only: the floors of the other cells it replaces ([6]); empty
     *                      otherwise
     */
    public record Command(int mode, boolean cpvTimeChecks, int authorisingRole, long counter, int remotePartyRole,
            long floorSeqNumber, Long topUpFloor, List<Replacement> replacements, List<byte[]> certificationPath,
            Instant execution, List<Floor> moreFloors) {
        public Command {
            replacements = List.copyOf(replacements);
            certificationPath = certificationPath.stream().map(byte[]::clone).toList();
            moreFloors = List.copyOf(moreFloors);
        }

        public Command(int mode, boolean cpvTimeChecks, int authorisingRole, long counter, int remotePartyRole,
                long floorSeqNumber, Long topUpFloor, List<Replacement> replacements, List<byte[]> certificationPath,
                Instant execution) {
            this(mode, cpvTimeChecks, authorisingRole, counter, remotePartyRole, floorSeqNumber, topUpFloor, replacements,
                    certificationPath, execution, List.of());
        }

        /** A CS02g command. */
        public Command(int authorisingRole, long counter, int remotePartyRole, long floorSeqNumber,
                List<Replacement> replacements, List<byte[]> certificationPath, Instant execution) {
            this(COMMAND_TYPE, true, authorisingRole, counter, remotePartyRole, floorSeqNumber, null, replacements,
                    certificationPath, execution);
        }

        public boolean cancels() {
            return CANCEL.equals(execution);
        }

        /** Whether it is CS02g's layout rather than CS02b's. */
        public boolean loadController() {
            return mode == COMMAND_TYPE;
        }
    }

    /** One credential's outcome; {@code cell} as the replacement's. */
    public record Replaced(int role, int usage, int cell, int status, Eui64 newParty, byte[] newKeyId, Eui64 priorParty,
            byte[] priorKeyId) {
        public Replaced {
            newKeyId = newKeyId.clone();
            priorKeyId = priorKeyId.clone();
        }

        public Replaced(int role, int usage, int status, Eui64 newParty, byte[] newKeyId, Eui64 priorParty, byte[] priorKeyId) {
            this(role, usage, -1, status, newParty, newKeyId, priorParty, priorKeyId);
        }
    }

    /** {@code moreFloors}: the Recovery party's result only, the other cells' floors after the first; empty otherwise. */
    public record Result(long counter, int mode, int remotePartyRole, long floorSeqNumber, Long topUpFloor,
            List<Replaced> replaced, List<Floor> moreFloors) {
        public Result {
            replaced = List.copyOf(replaced);
            moreFloors = List.copyOf(moreFloors);
        }

        public Result(long counter, int mode, int remotePartyRole, long floorSeqNumber, Long topUpFloor,
                List<Replaced> replaced) {
            this(counter, mode, remotePartyRole, floorSeqNumber, topUpFloor, replaced, List.of());
        }

        /** Whether the device replaced every certificate the command gave (at least one, each with status success). */
        public boolean allReplaced() {
            return !replaced.isEmpty() && replaced.stream().allMatch(x -> x.status() == STATUS_SUCCESS);
        }

        /** A CS02g result. */
        public Result(long counter, int remotePartyRole, long floorSeqNumber, List<Replaced> replaced) {
            this(counter, COMMAND_TYPE, remotePartyRole, floorSeqNumber, null, replaced);
        }
    }

    public static byte[] encode(Command c) {
        ASN1EncodableVector header = new ASN1EncodableVector();
        header.add(new ASN1Integer(c.mode()));
        if (!c.cpvTimeChecks()) {
            header.add(new DERTaggedObject(false, 1, new ASN1Integer(1)));
        }
        if (c.mode() != MODE_ACB_BY_ACB) {
            header.add(new DERTaggedObject(false, 2, new DERSequence(new ASN1Encodable[] {
                new ASN1Integer(c.authorisingRole()), usage(USAGE_DIGITAL_SIGNATURE)})));
        }
        header.add(new DERTaggedObject(false, 3, new ASN1Integer(unsigned(c.counter()))));
        if (c.mode() == MODE_SUPPLIER_BY_TRANSITIONAL_COS && c.cancels()) {
            // The RTDS's 6.23 cancellation names no floors: it replaces nothing.
        } else if (c.mode() == MODE_RECOVERY) {
            header.add(new DERTaggedObject(false, 4, new ASN1Integer(c.floorSeqNumber())));
            ASN1EncodableVector more = new ASN1EncodableVector();
            for (Floor f : c.moreFloors()) {
                more.add(new DERSequence(floors(f.role(), f.floor(), f.topUpFloor())));
            }
            header.add(new DERTaggedObject(false, 6, new DERSequence(more)));
        } else if (c.loadController() || c.remotePartyRole() != c.authorisingRole()) {
            // Another party's cell (the Load Controller's by the supplier, the supplier's by the Transitional CoS party):
            // [6] names it, with the supplier's top-up floor where there is one.
            header.add(new DERTaggedObject(false, 6, new DERSequence(new DERSequence(
                    floors(c.remotePartyRole(), c.floorSeqNumber(), c.topUpFloor())))));
        } else {
            header.add(new DERTaggedObject(false, 4, new ASN1Integer(c.floorSeqNumber())));
            if (c.topUpFloor() != null) {
                header.add(new DERTaggedObject(false, 5, new DERSequence(topUp(c.topUpFloor()))));
            }
        }
        ASN1EncodableVector reps = new ASN1EncodableVector();
        for (Replacement r : c.replacements()) {
            reps.add(new DERSequence(new ASN1Encodable[] {certificate(r.certificate()), roleUsage(r.role(), r.usage(), r.cell())}));
        }
        ASN1EncodableVector path = new ASN1EncodableVector();
        for (byte[] cert : c.certificationPath()) {
            path.add(certificate(cert));
        }
        ASN1EncodableVector all = new ASN1EncodableVector();
        all.add(new DERSequence(header));
        all.add(new DERSequence(reps));
        all.add(new DERSequence(path));
        if (c.execution() != null) {
            all.add(new DERGeneralizedTime(GENERALIZED.format(c.execution())));
        }
        return der(new DERSequence(all));
    }

    public static Command decode(byte[] der) throws GbcsDecodeException {
        try {
            ASN1Sequence all = ASN1Sequence.getInstance(parse(der));
            ASN1Sequence header = ASN1Sequence.getInstance(all.getObjectAt(0));
            int mode = ASN1Integer.getInstance(header.getObjectAt(0)).intValueExact();
            java.util.Map<Integer, ASN1TaggedObject> tagged = new java.util.HashMap<>();
            for (int i = 1; i < header.size(); i++) {
                ASN1TaggedObject t = (ASN1TaggedObject) header.getObjectAt(i);
                if (tagged.put(t.getTagNo(), t) != null) {
                    throw new IllegalArgumentException("header field [" + t.getTagNo() + "] twice");
                }
            }
            // The ACB's update of its own cell names no authorising party ([2]): it is the replaced party, as its
            // replacements say (RTDS ACBByACB).
            ASN1Sequence auth = tagged.containsKey(2) ? ASN1Sequence.getInstance(tagged.get(2), false) : null;
            long counter = ASN1Integer.getInstance(required(tagged, 3), false).getValue().longValue();
            boolean cpvTimeChecks = !tagged.containsKey(1);
            int remotePartyRole;
            long floor;
            Long topUpFloor = null;
            List<Floor> more = new ArrayList<>();
            if (mode == MODE_RECOVERY) {
                // The Recovery cell's own floor in [4], each other replaced cell's in [6].
                remotePartyRole = auth != null ? ASN1Integer.getInstance(auth.getObjectAt(0)).intValueExact() : ROLE_RECOVERY;
                floor = tagged.containsKey(4) ? ASN1Integer.getInstance(tagged.get(4), false).longValueExact() : 0;
                if (tagged.containsKey(6)) {
                    for (ASN1Encodable e : ASN1Sequence.getInstance(tagged.get(6), false)) {
                        more.add(floor(ASN1Sequence.getInstance(e)));
                    }
                }
            } else if (tagged.containsKey(6)) {
                Floor f = floor(ASN1Sequence.getInstance(ASN1Sequence.getInstance(tagged.get(6), false).getObjectAt(0)));
                remotePartyRole = f.role();
                floor = f.floor();
                topUpFloor = f.topUpFloor();
            } else if (mode == MODE_SUPPLIER_BY_TRANSITIONAL_COS && !tagged.containsKey(4)) {
                // A Transitional CoS cancellation names no floors (the RTDS's): the supplier's cell, floor 0.
                remotePartyRole = ROLE_SUPPLIER;
                floor = 0;
            } else {
                // CS02b's own-cell updates: the replaced party is the authorising one. The Transitional CoS party's
                // names no floor (RTDS TransCoSByTransCoS): 0.
                remotePartyRole = auth != null ? ASN1Integer.getInstance(auth.getObjectAt(0)).intValueExact() : -1;
                floor = tagged.containsKey(4) ? ASN1Integer.getInstance(tagged.get(4), false).longValueExact() : 0;
                if (tagged.containsKey(5)) {
                    ASN1Sequence pair = ASN1Sequence.getInstance(ASN1Sequence.getInstance(tagged.get(5), false).getObjectAt(0));
                    topUpFloor = ASN1Integer.getInstance(pair.getObjectAt(1)).longValueExact();
                }
            }
            List<Replacement> reps = new ArrayList<>();
            for (ASN1Encodable e : ASN1Sequence.getInstance(all.getObjectAt(1))) {
                ASN1Sequence r = ASN1Sequence.getInstance(e);
                ASN1Sequence ru = ASN1Sequence.getInstance(r.getObjectAt(1));
                reps.add(new Replacement(r.getObjectAt(0).toASN1Primitive().getEncoded(ASN1Encoding.DER),
                        ASN1Integer.getInstance(ru.getObjectAt(0)).intValueExact(), usageOf(ru.getObjectAt(1)), cellOf(ru)));
            }
            List<byte[]> path = new ArrayList<>();
            for (ASN1Encodable e : ASN1Sequence.getInstance(all.getObjectAt(2))) {
                path.add(e.toASN1Primitive().getEncoded(ASN1Encoding.DER));
            }
            Instant execution = null;
            if (all.size() > 3) {
                execution = ASN1GeneralizedTime.getInstance(all.getObjectAt(3)).getDate().toInstant();
            }
            if (auth == null && reps.isEmpty()) {
                throw new IllegalArgumentException("neither an authorising party nor a replacement");
            }
            int authorising = auth != null ? ASN1Integer.getInstance(auth.getObjectAt(0)).intValueExact() : reps.get(0).role();
            if (remotePartyRole < 0) {
                remotePartyRole = authorising;
            }
            return new Command(mode, cpvTimeChecks, authorising, counter, remotePartyRole, floor, topUpFloor, reps, path,
                    execution, more);
        } catch (IOException | RuntimeException | ParseException e) {
            throw new GbcsDecodeException(Reason.UNKNOWN_APDU, 0, "not a CS02 credential update: " + e.getMessage());
        }
    }

    private static ASN1TaggedObject required(java.util.Map<Integer, ASN1TaggedObject> tagged, int tag) {
        ASN1TaggedObject t = tagged.get(tag);
        if (t == null) {
            throw new IllegalArgumentException("header field [" + tag + "] missing");
        }
        return t;
    }

    /** The immediate response: {@code SEQUENCE { NULL, result }}. */
    public static byte[] encodeResponse(Result r) {
        return der(new DERSequence(new ASN1Encodable[] {DERNull.INSTANCE, result(r)}));
    }

    /** A future-dated update accepted (or cancelled): {@code SEQUENCE { NULL }}. */
    public static byte[] encodeAccepted() {
        return der(new DERSequence(DERNull.INSTANCE));
    }

    /** The outcome alert of a future-dated update (message code 0x0124 for CS02g, 0x00CB for CS02b). */
    public static byte[] encodeAlert(boolean success, Instant executed, Result r) {
        return der(new DERSequence(new ASN1Encodable[] {new ASN1Integer(success ? 0x8F66 : 0x8F67),
            new DERGeneralizedTime(GENERALIZED.format(executed)), result(r)}));
    }

    private static DERSequence result(Result r) {
        ASN1EncodableVector entries = new ASN1EncodableVector();
        for (Replaced x : r.replaced()) {
            entries.add(new DERSequence(new ASN1Encodable[] {roleUsage(x.role(), x.usage(), x.cell()),
                new ASN1Enumerated(x.status()), new DEROctetString(x.newParty().toBytes()), new DEROctetString(x.newKeyId()),
                new DEROctetString(x.priorParty().toBytes()), new DEROctetString(x.priorKeyId())}));
        }
        ASN1EncodableVector floors = new ASN1EncodableVector();
        floors.add(new DERSequence(floors(r.remotePartyRole(), r.floorSeqNumber(), r.topUpFloor())));
        for (Floor f : r.moreFloors()) {
            floors.add(new DERSequence(floors(f.role(), f.floor(), f.topUpFloor())));
        }
        return new DERSequence(new ASN1Encodable[] {new ASN1Integer(unsigned(r.counter())), new ASN1Integer(r.mode()),
            new DERSequence(floors), new DERSequence(entries)});
    }

    /** {role, floor [, {{0, top-up floor}}]} read back. */
    private static Floor floor(ASN1Sequence rf) {
        Long topUp = rf.size() > 2 ? ASN1Integer.getInstance(ASN1Sequence.getInstance(ASN1Sequence.getInstance(
                rf.getObjectAt(2)).getObjectAt(0)).getObjectAt(1)).longValueExact() : null;
        return new Floor(ASN1Integer.getInstance(rf.getObjectAt(0)).intValueExact(),
                ASN1Integer.getInstance(rf.getObjectAt(1)).longValueExact(), topUp);
    }

    /** {role, floor [, {{0, top-up floor}}]}: a cell's floors, as [6] and the result carry them. */
    private static ASN1EncodableVector floors(int role, long floor, Long topUpFloor) {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(role));
        v.add(new ASN1Integer(floor));
        if (topUpFloor != null) {
            v.add(new DERSequence(topUp(topUpFloor)));
        }
        return v;
    }

    private static ASN1Encodable[] topUp(long floor) {
        return new ASN1Encodable[] {new DERSequence(new ASN1Encodable[] {new ASN1Integer(0), new ASN1Integer(floor)})};
    }

    private static DERSequence roleUsage(int role, int usage, int cell) {
        return cell < 0 ? new DERSequence(new ASN1Encodable[] {new ASN1Integer(role), usage(usage)})
                : new DERSequence(new ASN1Encodable[] {new ASN1Integer(role), usage(usage), new ASN1Integer(cell)});
    }

    private static int cellOf(ASN1Sequence roleUsage) {
        return roleUsage.size() > 2 ? ASN1Integer.getInstance(roleUsage.getObjectAt(2)).intValueExact() : -1;
    }

    /** Whether a future-dated update's outcome alert says it was done (8F66) rather than not (8F67). */
    public static boolean decodeAlertSuccess(byte[] der) throws GbcsDecodeException {
        try {
            int code = ASN1Integer.getInstance(ASN1Sequence.getInstance(parse(der)).getObjectAt(0)).intValueExact();
            if (code != 0x8F66 && code != 0x8F67) {
                throw new IllegalArgumentException("alert code " + Integer.toHexString(code));
            }
            return code == 0x8F66;
        } catch (IOException | RuntimeException e) {
            throw new GbcsDecodeException(Reason.UNKNOWN_APDU, 0, "not a CS02 outcome alert: " + e.getMessage());
        }
    }

    /** The result a future-dated update's outcome alert carries. */
    public static Result decodeAlertResult(byte[] der) throws GbcsDecodeException {
        try {
            return readResult(ASN1Sequence.getInstance(ASN1Sequence.getInstance(parse(der)).getObjectAt(2)));
        } catch (IOException | RuntimeException e) {
            throw new GbcsDecodeException(Reason.UNKNOWN_APDU, 0, "not a CS02 outcome alert: " + e.getMessage());
        }
    }

    /** Reads an immediate response's result; empty for a future-dated acceptance. */
    public static java.util.Optional<Result> decodeResponse(byte[] der) throws GbcsDecodeException {
        try {
            ASN1Sequence s = ASN1Sequence.getInstance(parse(der));
            if (s.size() < 2) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(readResult(ASN1Sequence.getInstance(s.getObjectAt(1))));
        } catch (IOException | RuntimeException e) {
            throw new GbcsDecodeException(Reason.UNKNOWN_APDU, 0, "not a CS02 credentials response: " + e.getMessage());
        }
    }

    /** A response's or alert's result (the layout above); unchecked exceptions for anything else. */
    private static Result readResult(ASN1Sequence r) {
        ASN1Sequence allFloors = ASN1Sequence.getInstance(r.getObjectAt(2));
        ASN1Sequence rf = ASN1Sequence.getInstance(allFloors.getObjectAt(0));
        List<Floor> more = new ArrayList<>();
        for (int i = 1; i < allFloors.size(); i++) {
            more.add(floor(ASN1Sequence.getInstance(allFloors.getObjectAt(i))));
        }
        List<Replaced> out = new ArrayList<>();
        for (ASN1Encodable e : ASN1Sequence.getInstance(r.getObjectAt(3))) {
            ASN1Sequence x = ASN1Sequence.getInstance(e);
            ASN1Sequence ru = ASN1Sequence.getInstance(x.getObjectAt(0));
            out.add(new Replaced(ASN1Integer.getInstance(ru.getObjectAt(0)).intValueExact(), usageOf(ru.getObjectAt(1)),
                    cellOf(ru), ASN1Enumerated.getInstance(x.getObjectAt(1)).intValueExact(), eui(x.getObjectAt(2)),
                    ASN1OctetString.getInstance(x.getObjectAt(3)).getOctets(), eui(x.getObjectAt(4)),
                    ASN1OctetString.getInstance(x.getObjectAt(5)).getOctets()));
        }
        Floor first = floor(rf);
        return new Result(ASN1Integer.getInstance(r.getObjectAt(0)).getValue().longValue(),
                ASN1Integer.getInstance(r.getObjectAt(1)).intValueExact(), first.role(), first.floor(), first.topUpFloor(),
                out, more);
    }

    private static java.math.BigInteger unsigned(long v) {
        return new java.math.BigInteger(Long.toUnsignedString(v));
    }

    private static Eui64 eui(ASN1Encodable e) {
        byte[] b = ASN1OctetString.getInstance(e).getOctets();
        if (b.length != 8) {
            throw new IllegalArgumentException("an EUI-64 is 8 bytes");
        }
        return Eui64.fromBytes(b, 0);
    }

    private static DERBitString usage(int bits) {
        if ((bits & 0xFF) == 0) {
            return new DERBitString(new byte[0], 0); // no usage (a certificate that named none): an empty bit string
        }
        int unused = Integer.numberOfTrailingZeros(bits);
        return new DERBitString(new byte[] {(byte) bits}, unused);
    }

    private static int usageOf(ASN1Encodable e) {
        byte[] b = DERBitString.getInstance(e).getBytes();
        return b.length == 0 ? 0 : b[0] & 0xFF;
    }

    private static ASN1Primitive certificate(byte[] der) {
        try {
            return parse(der);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a DER certificate", e);
        }
    }

    /** A CS02g payload carries certificates: 64 KiB is far above any real one. */
    private static ASN1Primitive parse(byte[] der) throws IOException {
        return StrictDer.parse(der, 64 * 1024);
    }

    private static byte[] der(ASN1Encodable e) {
        return StrictDer.encode(e);
    }
}
