package org.dccsim.duis;

import java.math.BigInteger;
import java.security.Key;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.crypto.AlgorithmMethod;
import javax.xml.crypto.KeySelector;
import javax.xml.crypto.KeySelectorException;
import javax.xml.crypto.KeySelectorResult;
import javax.xml.crypto.MarshalException;
import javax.xml.crypto.XMLCryptoContext;
import javax.xml.crypto.XMLStructure;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.X509Data;
import javax.xml.crypto.dsig.keyinfo.X509IssuerSerial;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisDocuments;
import org.dccsim.duis.DuisException;
import org.dccsim.gbcs.crypto.CryptoEngine;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * XML signatures the way DUIS and DCC Boxed make them (DUIS-NOTES 1a): enveloped, one Reference to the whole
 * document with only the enveloped-signature transform and SHA-256, SignedInfo canonicalised with exclusive
 * C14N, ECDSA P-256 over SHA-256 with a raw r||s value, and KeyInfo naming the signer's certificate by issuer
 * and serial. The signer is found by serial number alone, as the Boxed signing tool does.
 *
 * <p>That one profile is signed and checked directly ({@link Canonicaliser}, the {@link CryptoEngine}'s ECDSA):
 * the JDK's general XMLDSig cost about twice the ECDSA inside it (objects per signature, node-set transforms,
 * logging). Any document that is not of the profile's exact shape, or that does not verify, goes on to the JDK's
 * XMLDSig with secure validation, which accepts what XMLDSig allows within the profile and words the refusals;
 * the direct path can only accept. Tests hold both to each other: documents signed here validate with the JDK,
 * and the JDK's and DCC Boxed's signatures verify here without falling back.
 */
public final class DuisSignatures {
    private static final String ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
    /** The JDK's DOM XMLDSig reads this context property to choose the Signature provider. */
    private static final String SIGNATURE_PROVIDER = "org.jcp.xml.dsig.internal.dom.SignatureProvider";

    private final XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
    private final CryptoEngine engine = CryptoEngine.active();
    private final Map<BigInteger, Signer> trusted = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong fallbacks = new java.util.concurrent.atomic.AtomicLong();
    /** Issuer names as KeyInfo writes them: formatting an X.500 name measured 1.4 % of a drill's CPU. */
    private final Map<X509Certificate, String> issuerNames = new ConcurrentHashMap<>();

    /** A trusted certificate and its public key as the engine's provider wants it. */
    private record Signer(X509Certificate certificate, java.security.PublicKey key) {
    }

    /** Trusts a signer: requests (or responses) signed with this certificate's key verify. */
    public DuisSignatures trust(X509Certificate cert) {
        trusted.put(cert.getSerialNumber(), new Signer(cert, engine.forVerifying(cert.getPublicKey())));
        return this;
    }

    public boolean trusts(BigInteger serial) {
        return trusted.containsKey(serial);
    }

    /**
     * Verifies the document's signature and returns the signer's certificate.
     *
     * @throws DuisException E12 when the signature is missing, malformed, made with other algorithms than
     *                       DUIS's, by an unknown certificate, or does not verify
     */
    public X509Certificate verify(Document doc) throws DuisException {
        Element sig = signatureElement(doc);
        X509Certificate fast = verifyProfile(doc, sig);
        if (fast != null) {
            return fast;
        }
        // Not DUIS's exact shape, or it does not verify: the JDK's XMLDSig judges, and says why it refuses.
        fallbacks.incrementAndGet();
        CertificateSelector selector = new CertificateSelector(trusted);
        DOMValidateContext ctx = new DOMValidateContext(selector, sig);
        ctx.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
        ctx.setProperty(SIGNATURE_PROVIDER, engine.provider());
        XMLSignature signature;
        try {
            signature = factory.unmarshalXMLSignature(ctx);
        } catch (MarshalException e) {
            throw new DuisException(DuisCodes.E12, "the ds:Signature is malformed: " + e.getMessage());
        }
        checkProfile(signature.getSignedInfo());
        try {
            if (!signature.validate(ctx)) {
                throw new DuisException(DuisCodes.E12, "the XML signature does not verify");
            }
        } catch (XMLSignatureException e) {
            Throwable c = e.getCause();
            if (c instanceof KeySelectorException) {
                throw new DuisException(DuisCodes.E12, c.getMessage());
            }
            throw new DuisException(DuisCodes.E12, "the XML signature cannot be checked: " + e.getMessage());
        }
        return selector.selected;
    }

    /** How many verifications the profile's own path left to the JDK's XMLDSig (for tests and metrics). */
    long fallbacks() {
        return fallbacks.get();
    }

    /**
     * DUIS's one profile, checked and verified directly: SignedInfo with exclusive C14N, ECDSA-SHA256 and one
     * Reference to "" with only the enveloped-signature transform and SHA-256; KeyInfo naming a trusted
     * certificate by serial. The digest is over the canonical document less the signature, the signature over
     * the exclusive canonical SignedInfo (XMLDSig 1.1 sections 3.1, 4.4.3.3, 6.6.4). Returns null for anything
     * else, including a signature that does not verify, which the JDK then judges: this path may only accept.
     */
    private X509Certificate verifyProfile(Document doc, Element sig) {
        List<Element> parts = dsChildren(sig);
        if (parts.size() != 3 || !is(parts.get(0), "SignedInfo") || !is(parts.get(1), "SignatureValue")
                || !is(parts.get(2), "KeyInfo") || !onlyDeclarations(sig)) {
            return null;
        }
        Element signedInfo = parts.get(0);
        List<Element> si = dsChildren(signedInfo);
        if (si.size() != 3 || !algorithm(si.get(0), "CanonicalizationMethod", CanonicalizationMethod.EXCLUSIVE)
                || !algorithm(si.get(1), "SignatureMethod", ECDSA_SHA256) || !is(si.get(2), "Reference")) {
            return null;
        }
        Element reference = si.get(2);
        if (!reference.hasAttribute("URI") || !reference.getAttribute("URI").isEmpty()
                || reference.getAttributes().getLength() != 1) {
            return null;
        }
        List<Element> ref = dsChildren(reference);
        if (ref.size() != 3 || !is(ref.get(0), "Transforms") || !algorithm(ref.get(1), "DigestMethod", DigestMethod.SHA256)
                || !is(ref.get(2), "DigestValue")) {
            return null;
        }
        List<Element> transforms = dsChildren(ref.get(0));
        if (transforms.size() != 1 || !algorithm(transforms.get(0), "Transform", Transform.ENVELOPED)) {
            return null;
        }
        Signer signer = keyInfoSigner(parts.get(2));
        byte[] digest = base64(ref.get(2));
        byte[] value = base64(parts.get(1));
        if (signer == null || digest == null || value == null || value.length != 64) {
            return null;
        }
        byte[] actual = org.dccsim.gbcs.crypto.Ecdsa.sha256(Canonicaliser.document(doc, sig));
        if (!java.security.MessageDigest.isEqual(digest, actual)) {
            return null;
        }
        return org.dccsim.gbcs.crypto.Ecdsa.verify(signer.key(), Canonicaliser.exclusive(signedInfo),
                value) ? signer.certificate() : null;
    }

    private Signer keyInfoSigner(Element keyInfo) {
        List<Element> k = dsChildren(keyInfo);
        if (k.size() != 1 || !is(k.get(0), "X509Data")) {
            return null;
        }
        List<Element> data = dsChildren(k.get(0));
        if (data.size() != 1 || !is(data.get(0), "X509IssuerSerial")) {
            return null;
        }
        List<Element> is = dsChildren(data.get(0));
        if (is.size() != 2 || !is(is.get(1), "X509SerialNumber")) {
            return null;
        }
        try {
            return trusted.get(new BigInteger(is.get(1).getTextContent().trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The element children, or an empty list if any child is an element outside XMLDSig's namespace. */
    private static List<Element> dsChildren(Element e) {
        List<Element> out = new java.util.ArrayList<>(4);
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                if (!DuisDocuments.DSIG_NS.equals(n.getNamespaceURI())) {
                    return List.of();
                }
                out.add((Element) n);
            }
        }
        return out;
    }

    private static boolean is(Element e, String localName) {
        return localName.equals(e.getLocalName());
    }

    private static boolean algorithm(Element e, String localName, String algorithm) {
        return is(e, localName) && algorithm.equals(e.getAttribute("Algorithm")) && e.getAttributes().getLength() == 1
                && !hasElementChild(e);
    }

    private static boolean hasElementChild(Element e) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                return true;
            }
        }
        return false;
    }

    private static boolean onlyDeclarations(Element e) {
        for (int i = 0; i < e.getAttributes().getLength(); i++) {
            if (!e.getAttributes().item(i).getNodeName().startsWith("xmlns")) {
                return false;
            }
        }
        return true;
    }

    private static byte[] base64(Element e) {
        try {
            return java.util.Base64.getMimeDecoder().decode(e.getTextContent());
        } catch (IllegalArgumentException x) {
            return null;
        }
    }

    /** DUIS allows one profile only; anything else is refused before any cryptography. */
    private static void checkProfile(SignedInfo si) throws DuisException {
        if (!CanonicalizationMethod.EXCLUSIVE.equals(si.getCanonicalizationMethod().getAlgorithm())
                || !ECDSA_SHA256.equals(si.getSignatureMethod().getAlgorithm()) || si.getReferences().size() != 1) {
            throw new DuisException(DuisCodes.E12, "the signature is not exclusive C14N, ECDSA-SHA256, one reference");
        }
        Reference r = (Reference) si.getReferences().get(0);
        List<?> transforms = r.getTransforms();
        if (!"".equals(r.getURI()) || !DigestMethod.SHA256.equals(r.getDigestMethod().getAlgorithm())
                || transforms.size() != 1 || !Transform.ENVELOPED.equals(((Transform) transforms.get(0)).getAlgorithm())) {
            throw new DuisException(DuisCodes.E12, "the signature must cover the whole document, enveloped, SHA-256");
        }
    }

    private static Element signatureElement(Document doc) throws DuisException {
        NodeList all = doc.getElementsByTagNameNS(DuisDocuments.DSIG_NS, "Signature");
        if (all.getLength() == 0) {
            throw new DuisException(DuisCodes.E12, "the request is not signed");
        }
        if (all.getLength() > 1) {
            throw new DuisException(DuisCodes.E12, "more than one ds:Signature");
        }
        Element sig = (Element) all.item(0);
        if (sig.getParentNode() != doc.getDocumentElement()) {
            throw new DuisException(DuisCodes.E12, "the ds:Signature must be a child of the root element");
        }
        return sig;
    }

    /**
     * The canonicalisation and hashing one XML signature or verification of {@code signed} needs beside its ECDSA: the
     * canonical document less its signature, digested, and the exclusive canonical SignedInfo, hashed as ECDSA-SHA256
     * hashes it. What a crypto bound counts beside the raw ECDSA (drills' --crypto-baseline); the returned byte keeps
     * the work from being optimised away. IllegalArgumentException when the document has no ds:Signature with a SignedInfo.
     */
    public static int canonicalWork(Document signed) {
        NodeList sigs = signed.getElementsByTagNameNS(DuisDocuments.DSIG_NS, "Signature");
        if (sigs.getLength() == 0) {
            throw new IllegalArgumentException("the document has no ds:Signature");
        }
        Element sig = (Element) sigs.item(0);
        List<Element> parts = dsChildren(sig);
        if (parts.isEmpty() || !is(parts.get(0), "SignedInfo")) {
            throw new IllegalArgumentException("the document's ds:Signature has no SignedInfo");
        }
        Element signedInfo = parts.get(0);
        byte[] digest = org.dccsim.gbcs.crypto.Ecdsa.sha256(Canonicaliser.document(signed, sig));
        byte[] hashed = org.dccsim.gbcs.crypto.Ecdsa.sha256(Canonicaliser.exclusive(signedInfo));
        return digest[0] ^ hashed[0];
    }

    /**
     * Signs a document in place as DUIS does: any existing ds:Signature (a template's placeholder) is removed and
     * the new one becomes the root's last child.
     */
    public void sign(Document doc, PrivateKey key, X509Certificate cert) {
        Element root = doc.getDocumentElement();
        NodeList old = doc.getElementsByTagNameNS(DuisDocuments.DSIG_NS, "Signature");
        for (int i = old.getLength() - 1; i >= 0; i--) {
            Node n = old.item(i);
            n.getParentNode().removeChild(n);
        }
        byte[] digest = org.dccsim.gbcs.crypto.Ecdsa.sha256(Canonicaliser.document(doc, null));
        Element signature = ds(doc, "Signature");
        signature.setAttributeNS(XmlEscapes.XMLNS_NS, "xmlns:ds", DuisDocuments.DSIG_NS);
        Element signedInfo = child(signature, "SignedInfo");
        child(signedInfo, "CanonicalizationMethod").setAttributeNS(null, "Algorithm", CanonicalizationMethod.EXCLUSIVE);
        child(signedInfo, "SignatureMethod").setAttributeNS(null, "Algorithm", ECDSA_SHA256);
        Element reference = child(signedInfo, "Reference");
        reference.setAttributeNS(null, "URI", "");
        child(child(reference, "Transforms"), "Transform").setAttributeNS(null, "Algorithm", Transform.ENVELOPED);
        child(reference, "DigestMethod").setAttributeNS(null, "Algorithm", DigestMethod.SHA256);
        child(reference, "DigestValue").setTextContent(java.util.Base64.getEncoder().encodeToString(digest));
        // SignedInfo is canonicalised where it will stand, under ds:Signature with its declaration.
        byte[] value = org.dccsim.gbcs.crypto.Ecdsa.sign(key, Canonicaliser.exclusive(signedInfo));
        child(signature, "SignatureValue").setTextContent(java.util.Base64.getEncoder().encodeToString(value));
        Element issuerSerial = child(child(child(signature, "KeyInfo"), "X509Data"), "X509IssuerSerial");
        child(issuerSerial, "X509IssuerName").setTextContent(
                issuerNames.computeIfAbsent(cert, c -> c.getIssuerX500Principal().getName()));
        child(issuerSerial, "X509SerialNumber").setTextContent(cert.getSerialNumber().toString());
        root.appendChild(signature);
    }

    /**
     * Signs a document dccsim wrote, without a DOM, and returns its bytes as sent: the profile's ds:Signature (the
     * same as {@link #sign(Document, PrivateKey, X509Certificate)} makes) as the root's last child. The digest is over
     * {@link OutgoingDocument#canonical()}, which is the canonical form of the document less its signature; SignedInfo
     * is written as exclusive C14N renders it where it stands (XMLDSig 1.1 section 4.4.3.3), with the ds declaration
     * it inherits from ds:Signature.
     */
    public byte[] sign(OutgoingDocument doc, PrivateKey key, X509Certificate cert) {
        String canonical = doc.canonicalText();
        byte[] digest = org.dccsim.gbcs.crypto.Ecdsa.sha256(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        String signedInfoBody = "<ds:CanonicalizationMethod Algorithm=\"" + CanonicalizationMethod.EXCLUSIVE
                + "\"></ds:CanonicalizationMethod><ds:SignatureMethod Algorithm=\"" + ECDSA_SHA256
                + "\"></ds:SignatureMethod><ds:Reference URI=\"\"><ds:Transforms><ds:Transform Algorithm=\""
                + Transform.ENVELOPED + "\"></ds:Transform></ds:Transforms><ds:DigestMethod Algorithm=\""
                + DigestMethod.SHA256 + "\"></ds:DigestMethod><ds:DigestValue>" + b64.encodeToString(digest)
                + "</ds:DigestValue></ds:Reference></ds:SignedInfo>";
        byte[] value = org.dccsim.gbcs.crypto.Ecdsa.sign(key, ("<ds:SignedInfo xmlns:ds=\"" + DuisDocuments.DSIG_NS + "\">"
                + signedInfoBody).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        StringBuilder signature = new StringBuilder(1024);
        signature.append("<ds:Signature xmlns:ds=\"").append(DuisDocuments.DSIG_NS).append("\"><ds:SignedInfo>")
                .append(signedInfoBody).append("<ds:SignatureValue>").append(b64.encodeToString(value))
                .append("</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509IssuerSerial><ds:X509IssuerName>");
        XmlEscapes.text(signature, issuerNames.computeIfAbsent(cert, c -> c.getIssuerX500Principal().getName()));
        signature.append("</ds:X509IssuerName><ds:X509SerialNumber>").append(cert.getSerialNumber())
                .append("</ds:X509SerialNumber></ds:X509IssuerSerial></ds:X509Data></ds:KeyInfo></ds:Signature>");
        // The signature goes in just before the root's end tag, which closes the canonical text.
        int rootEnd = canonical.length() - doc.rootEndTagLength();
        String signed = canonical.substring(0, rootEnd) + signature + canonical.substring(rootEnd);
        return OutgoingDocument.withDeclaration(signed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Element ds(Document doc, String localName) {
        return doc.createElementNS(DuisDocuments.DSIG_NS, "ds:" + localName);
    }

    private static Element child(Element parent, String localName) {
        Element e = ds(parent.getOwnerDocument(), localName);
        parent.appendChild(e);
        return e;
    }

    /** Finds the signer's certificate by the serial number in X509IssuerSerial, among the trusted ones. */
    private static final class CertificateSelector extends KeySelector {
        private final Map<BigInteger, Signer> trusted;
        X509Certificate selected;

        CertificateSelector(Map<BigInteger, Signer> trusted) {
            this.trusted = trusted;
        }

        @Override
        public KeySelectorResult select(KeyInfo keyInfo, Purpose purpose, AlgorithmMethod method, XMLCryptoContext context)
                throws KeySelectorException {
            if (keyInfo == null) {
                throw new KeySelectorException("the signature names no certificate (no KeyInfo)");
            }
            for (XMLStructure s : keyInfo.getContent()) {
                if (s instanceof X509Data data) {
                    for (Object o : data.getContent()) {
                        if (o instanceof X509IssuerSerial is) {
                            Signer signer = trusted.get(is.getSerialNumber());
                            if (signer == null) {
                                throw new KeySelectorException("no trusted XML-signing certificate has serial "
                                        + is.getSerialNumber());
                            }
                            selected = signer.certificate();
                            Key k = signer.key();
                            return () -> k;
                        }
                    }
                }
            }
            throw new KeySelectorException("the signature names no X509IssuerSerial");
        }
    }
}
