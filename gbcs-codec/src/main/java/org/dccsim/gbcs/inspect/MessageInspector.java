package org.dccsim.gbcs.inspect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.crypto.Check;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.ProtectedPayload;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.DataCodec;
import org.dccsim.gbcs.dlms.XdlmsApdu;
import org.dccsim.gbcs.frame.CraFlag;
import org.dccsim.gbcs.frame.FrameLayout;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.frame.GbcsMessage;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.payload.Payload;
import org.dccsim.gbcs.payload.PayloadCodec;
import org.dccsim.gbcs.usecase.UseCaseRegistry;

/**
 * Decodes a message completely and checks all that can be checked with the keys at hand. Used by
 * {@code dccsim gbcs decode} and the RTDS conformance suite.
 */
public final class MessageInspector {
    private final GbcsFrameDecoder decoder;
    private final GbcsSecurity security;

    /** @param security null to decode without checking MACs, signatures or decrypting */
    public MessageInspector(GbcsFrameDecoder decoder, GbcsSecurity security) {
        this.decoder = decoder;
        this.security = security;
    }

    public Inspection inspect(byte[] wire) throws GbcsDecodeException {
        GbcsMessage message = decoder.decode(wire);
        GeneralSigningApdu apdu = message.apdu();
        byte[] content = apdu.content();
        Payload payload;
        try {
            payload = PayloadCodec.decode(apdu.messageCode(), content);
        } catch (GbcsDecodeException e) {
            // Report the offset within the whole message, not within the content.
            int contentOffset = FrameLayout.of(message).signedOffset() + FrameLayout.of(message).signedLength()
                    - content.length;
            throw new GbcsDecodeException(e.reason(), contentOffset + e.offset(), "in the payload: " + e.getMessage());
        }
        boolean exact = Arrays.equals(GbcsFrameEncoder.encode(message), wire)
                && Arrays.equals(PayloadCodec.encode(payload), content);
        Check mac = security == null ? Check.NOT_CHECKABLE : security.verifyMac(wire, message);
        Check signature = security == null ? Check.NOT_CHECKABLE : security.verifySignature(wire, message);
        List<Inspection.Decryption> decryptions = new ArrayList<>();
        if (payload instanceof Payload.Dlms dlms && apdu.cra() != CraFlag.COMMAND) {
            List<Data.OctetString> found = new ArrayList<>();
            collectProtected(dlms.apdu(), found);
            for (Data.OctetString s : found) {
                decryptions.add(decrypt(apdu, s.value()));
            }
        }
        return new Inspection(message, UseCaseRegistry.standard().byMessageCode(apdu.messageCode()), payload, exact, mac,
                signature, decryptions);
    }

    private Inspection.Decryption decrypt(GeneralSigningApdu apdu, byte[] octets) {
        if (security == null) {
            return new Inspection.Decryption(Inspection.Decryption.Status.NO_KEYS, null, false);
        }
        ProtectedPayload pp;
        try {
            pp = ProtectedPayload.parse(octets);
        } catch (GbcsDecodeException e) {
            return new Inspection.Decryption(Inspection.Decryption.Status.TAG_MISMATCH, null, false);
        }
        // The device is the originator of a response or alert and encrypts for its remote party.
        Eui64 device = apdu.originator();
        Optional<byte[]> plain;
        try {
            plain = security.decryptPayload(apdu, device, pp);
        } catch (RuntimeException e) {
            plain = Optional.empty();
        }
        if (plain.isEmpty()) {
            boolean keys = security.sharedSecret(device, encryptionParty(apdu)).isPresent();
            return new Inspection.Decryption(keys ? Inspection.Decryption.Status.TAG_MISMATCH
                    : Inspection.Decryption.Status.NO_KEYS, null, false);
        }
        try {
            Data data = DataCodec.decode(plain.get());
            boolean again = Arrays.equals(DataCodec.encode(data), plain.get())
                    && Arrays.equals(security.encryptPayload(apdu, device, plain.get()).toOctets(), octets);
            return new Inspection.Decryption(Inspection.Decryption.Status.DECRYPTED, data, again);
        } catch (GbcsDecodeException e) {
            return new Inspection.Decryption(Inspection.Decryption.Status.PLAINTEXT_UNDECODABLE, null, false);
        }
    }

    private static Eui64 encryptionParty(GeneralSigningApdu apdu) {
        Eui64 supp = apdu.otherInformation().supplementaryRemotePartyId();
        return supp != null ? supp : apdu.recipient();
    }

    private static void collectProtected(XdlmsApdu apdu, List<Data.OctetString> out) {
        if (apdu instanceof XdlmsApdu.AccessResponse r) {
            r.data().forEach(d -> collect(d, out, 0));
        } else if (apdu instanceof XdlmsApdu.DataNotification n) {
            collect(n.body(), out, 0);
        }
    }

    private static void collect(Data d, List<Data.OctetString> out, int depth) {
        if (depth > DataCodec.MAX_DEPTH) {
            return;
        }
        if (d instanceof Data.OctetString s && ProtectedPayload.looksProtected(s.value())) {
            out.add(s);
        } else if (d instanceof Data.Structure s) {
            s.elements().forEach(e -> collect(e, out, depth + 1));
        } else if (d instanceof Data.Array a) {
            a.elements().forEach(e -> collect(e, out, depth + 1));
        }
    }
}
