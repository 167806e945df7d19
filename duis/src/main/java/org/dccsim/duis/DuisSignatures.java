package org.dccsim.duis;

import java.math.BigInteger;
import java.security.Key;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collections;
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
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.keyinfo.X509Data;
import javax.xml.crypto.dsig.keyinfo.X509IssuerSerial;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
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
 * <p>The JDK's XMLDSig does the canonicalisation and digests; the process's {@link CryptoEngine} does the ECDSA
 * (AWS-LC or Bouncy Castle; SunEC is ten times slower here), on keys converted once for it, not per signature.
 * The JDK's Transform objects are built afresh for every signature: reused, they silently produce wrong digests.
 */
public final class DuisSignatures {
    private static final String ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
    /** The JDK's DOM XMLDSig reads this context property to choose the Signature provider. */
    private static final String SIGNATURE_PROVIDER = "org.jcp.xml.dsig.internal.dom.SignatureProvider";

    private final XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
    private final CryptoEngine engine = CryptoEngine.active();
    private final Map<BigInteger, Signer> trusted = new ConcurrentHashMap<>();
    /** Issuer names as KeyInfo writes them: formatting an X.500 name measured 1.4 % of a drill's CPU. */
    private final Map<X509Certificate, String> issuerNames = new ConcurrentHashMap<>();

    /** A trusted certificate and its public key as the engine's provider wants it. */
    private record Signer(X509Certificate certificate, Key key) {
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
        try {
            Reference ref = factory.newReference("", factory.newDigestMethod(DigestMethod.SHA256, null),
                    Collections.singletonList(factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null)),
                    null, null);
            SignedInfo si = factory.newSignedInfo(
                    factory.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                    factory.newSignatureMethod(ECDSA_SHA256, null), Collections.singletonList(ref));
            KeyInfoFactory kif = factory.getKeyInfoFactory();
            X509IssuerSerial issuerSerial = kif.newX509IssuerSerial(
                    issuerNames.computeIfAbsent(cert, c -> c.getIssuerX500Principal().getName()), cert.getSerialNumber());
            KeyInfo ki = kif.newKeyInfo(Collections.singletonList(kif.newX509Data(Collections.singletonList(issuerSerial))));
            DOMSignContext ctx = new DOMSignContext(engine.forSigning(key), root);
            ctx.setDefaultNamespacePrefix("ds");
            ctx.setProperty(SIGNATURE_PROVIDER, engine.provider());
            factory.newXMLSignature(si, ki).sign(ctx);
        } catch (java.security.GeneralSecurityException | MarshalException | XMLSignatureException e) {
            throw new IllegalStateException("signing a DUIS document failed", e);
        }
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
