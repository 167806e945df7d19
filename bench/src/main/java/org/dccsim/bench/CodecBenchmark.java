package org.dccsim.bench;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.duis.Bodies;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.DuisSignatures;
import org.dccsim.duis.RequestId;
import org.dccsim.duis.ServiceRequest;
import org.dccsim.gbcs.crypto.AesGcm;
import org.dccsim.gbcs.crypto.CryptoEngine;
import org.dccsim.gbcs.crypto.EcKeys;
import org.dccsim.gbcs.crypto.Ecdh;
import org.dccsim.gbcs.crypto.Ecdsa;
import org.dccsim.gbcs.crypto.GbcsKdf;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.InMemoryKeyStore;
import org.dccsim.gbcs.crypto.KeyUsage;
import org.dccsim.gbcs.crypto.TestCertificates;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.DataCodec;
import org.dccsim.gbcs.dlms.XdlmsApdu;
import org.dccsim.gbcs.dlms.XdlmsCodec;
import org.dccsim.gbcs.frame.CraFlag;
import org.dccsim.gbcs.frame.FrameLayout;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.frame.GbcsMessage;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.frame.OtherInformation;
import org.dccsim.gbcs.frame.SignatureField;
import org.dccsim.gbcs.usecase.AuxiliaryController;
import org.dccsim.gbcs.usecase.CommandContext;
import org.dccsim.gbcs.usecase.HalfHourProfile;
import org.dccsim.gbcs.usecase.LimitApcLevel;
import org.dccsim.gbcs.usecase.UseCaseCommands;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.w3c.dom.Document;

/**
 * The codec's hot paths next to the raw cryptography they contain, measured in one run so their ratio can be
 * read directly, for each {@link CryptoEngine} ({@code crypto} = bc, native). ECDH secrets are cached per pair of
 * parties in the codec (see GbcsSecurity), so the raw MAC baseline is the KDF plus AES-GCM over the same bytes,
 * with the secret already known.
 *
 * <p>The engine is chosen per process, at first use; JMH runs each parameter value in a fresh fork, so setting
 * the property in {@link #setup} chooses it. Run with at least one fork ({@code -f 1}), never {@code -f 0}.
 *
 * <p>The XML benchmarks sign and verify a signed 7.16 request as DUIS has them; their cost less the raw ECDSA
 * in the same run is the XML signature's own overhead (C14N, digests, marshalling into the DOM).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {
    @Param({"bc", "native"})
    public String crypto;

    static final Eui64 SUPPLIER = Eui64.parse("90B3D51F30010000");
    static final Eui64 LOAD_CONTROLLER = Eui64.parse("90B3D51F30010008");
    static final Eui64 ACB = Eui64.parse("90B3D51F30000002");
    static final Eui64 ESME = Eui64.parse("00DB1234567890A0");
    static final Eui64 SAPC = Eui64.parse("00DB1234567890A6");

    GbcsSecurity security;
    GbcsFrameDecoder decoder = new GbcsFrameDecoder();
    byte[] ecs22bResponse;
    GbcsMessage ecs22bMessage;
    FrameLayout ecs22bLayout;
    byte[] ecs22bSecret;
    LimitApcLevel limit;
    GeneralSigningApdu ecs47eSigned;
    byte[] ecs47eApduBytes;
    byte[] acbSapcSecret;
    EcKeys.KeyPair lcDs;
    EcKeys.KeyPair ecdhA;
    EcKeys.KeyPair ecdhB;
    byte[] signedBytes;
    byte[] signature;
    Signature sunEcVerifier;
    PublicKey sunEcKey;

    DuisSignatures xmlSigner;
    DuisSignatures xmlVerifier;
    TestCertificates.Issued xmlIdentity;
    Document limitRequest;
    Document signedLimitRequest;
    byte[] signedLimitRequestBytes;
    javax.xml.parsers.DocumentBuilder jdkDom;
    final org.dccsim.duis.DuisDocuments documents = org.dccsim.duis.DuisDocuments.withoutSchema();
    ServiceRequest limitServiceRequest;

    @Setup
    public void setup() throws Exception {
        System.setProperty(CryptoEngine.PROPERTY, crypto);
        if (CryptoEngine.active().isNative() != crypto.equals("native")) {
            throw new IllegalStateException("asked for " + crypto + " but the process already uses "
                    + CryptoEngine.active() + ": run with forks (-f 1)");
        }
        InMemoryKeyStore ks = new InMemoryKeyStore();
        for (Eui64 p : List.of(SUPPLIER, LOAD_CONTROLLER, ACB, ESME, SAPC)) {
            for (KeyUsage u : KeyUsage.values()) {
                ks.putPair(p, u, EcKeys.deterministic("bench/" + p + "/" + u.fileTag()));
            }
        }
        security = new GbcsSecurity(ks, ACB);
        // ECS22b response: 48 half-hours, encrypted for the supplier, MACed by the ESME (as in the RTDS).
        List<HalfHourProfile.Entry> entries = new ArrayList<>();
        Instant t = Instant.parse("2026-06-01T00:00:00Z");
        for (int i = 0; i < 48; i++) {
            entries.add(new HalfHourProfile.Entry(t.plusSeconds(1800L * i), 100 + 7 * i));
        }
        GeneralSigningApdu header = new GeneralSigningApdu(CraFlag.RESPONSE, 1002, ESME, SUPPLIER, null,
                OtherInformation.of(0x0037), new byte[0], SignatureField.NULL);
        byte[] octets = security.encryptPayload(header, ESME,
                DataCodec.encode(new HalfHourProfile(entries).toProtectedPlaintext())).toOctets();
        XdlmsApdu.AccessResponse r = new XdlmsApdu.AccessResponse(XdlmsApdu.gbcsInvokeIdAndPriority(1002),
                List.of(Data.structure(Data.array(), Data.octets(octets))),
                List.of(new XdlmsApdu.AccessResponseSpecification(3, 0)));
        ecs22bResponse = GbcsFrameEncoder.encode(security.addMac(new GeneralSigningApdu(CraFlag.RESPONSE, 1002, ESME,
                SUPPLIER, null, OtherInformation.of(0x0037), XdlmsCodec.encode(r), SignatureField.NULL)));
        ecs22bMessage = decoder.decode(ecs22bResponse);
        ecs22bLayout = FrameLayout.of(ecs22bMessage);
        ecs22bSecret = security.sharedSecret(ESME, SUPPLIER).orElseThrow();

        CosemDateTime start = CosemDateTime.ofInstant(Instant.parse("2026-06-01T17:00:00Z"));
        CosemDateTime end = CosemDateTime.ofInstant(Instant.parse("2026-06-01T19:00:00Z"));
        limit = new LimitApcLevel(AuxiliaryController.output(1), 40, start, end);
        ecs47eSigned = security.sign(UseCaseCommands.build(limit, new CommandContext(LOAD_CONTROLLER, SAPC, 5001)));
        ecs47eApduBytes = GbcsFrameEncoder.encodeApdu(ecs47eSigned);
        acbSapcSecret = security.sharedSecret(ACB, SAPC).orElseThrow();

        lcDs = EcKeys.deterministic("bench/lc/ds");
        ecdhA = EcKeys.deterministic("bench/a");
        ecdhB = EcKeys.deterministic("bench/b");
        signedBytes = GbcsFrameEncoder.signedBytes(ecs47eSigned);
        signature = Ecdsa.sign(lcDs.privateKey(), signedBytes);

        byte[] enc = lcDs.publicKey().encoded();
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(enc, 1, 33)), new BigInteger(1, Arrays.copyOfRange(enc, 33, 65)));
        sunEcKey = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, params.getParameterSpec(ECParameterSpec.class)));
        sunEcVerifier = Signature.getInstance("SHA256withECDSAinP1363Format", "SunEC");

        SecureRandom random = new SecureRandom();
        xmlIdentity = TestCertificates.selfSigned(LOAD_CONTROLLER, TestCertificates.ROLE_XML_SIGN, BigInteger.valueOf(4242),
                random);
        xmlSigner = new DuisSignatures();
        xmlVerifier = new DuisSignatures().trust(xmlIdentity.certificate());
        ServiceRequest request = ServiceRequest.of(new RequestId(LOAD_CONTROLLER, SAPC, 1), 4, "7.16",
                Bodies.limitApcLevel(1, Instant.parse("2026-06-01T17:00:00Z"), Instant.parse("2026-06-01T17:30:00Z"), 20));
        limitServiceRequest = request;
        limitRequest = request.toDocument();
        signedLimitRequest = request.toDocument();
        xmlSigner.sign(signedLimitRequest, xmlIdentity.keys().getPrivate(), xmlIdentity.certificate());
        javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/dom/defer-node-expansion", false);
        jdkDom = f.newDocumentBuilder();
        signedLimitRequestBytes = xmlSigner.sign(request.toXml(), xmlIdentity.keys().getPrivate(), xmlIdentity.certificate());
    }

    // ---- DUIS XML signatures ----

    /** An XML signature on a 7.16 request already in the DOM (a previous signature is replaced). */
    @Benchmark
    public Document xmlSign_limitRequest() {
        xmlSigner.sign(limitRequest, xmlIdentity.keys().getPrivate(), xmlIdentity.certificate());
        return limitRequest;
    }

    /**
     * What dccsim does for a request it sends: the 7.16 written from its model in canonical form and signed straight
     * to bytes, no DOM (OutgoingDocument); against xmlSign_limitRequest, which signs a DOM in place and does not write it.
     */
    @Benchmark
    public byte[] xmlSignToBytes_limitRequest() {
        return xmlSigner.sign(limitServiceRequest.toXml(), xmlIdentity.keys().getPrivate(), xmlIdentity.certificate());
    }

    /** Verifying that request's signature in the DOM: unmarshal, C14N, digest, ECDSA verify. */
    @Benchmark
    public java.security.cert.X509Certificate xmlVerify_limitRequest() throws DuisException {
        return xmlVerifier.verify(signedLimitRequest);
    }

    /** Parsing that request as the gateway receives it: the bytes into a DOM (Woodstox, StaxDomReader). */
    @Benchmark
    public Document xmlParse_signedLimitRequest() throws DuisException {
        return documents.parse(signedLimitRequestBytes);
    }

    /**
     * The same bytes through the JDK's own DOM parser (Xerces), hardened as DuisDocuments had it (no DOCTYPE, secure
     * processing, no deferred nodes) and reused: what xmlParse_signedLimitRequest replaced.
     */
    @Benchmark
    public Document xmlParse_signedLimitRequest_jdkDom() throws Exception {
        return jdkDom.parse(new java.io.ByteArrayInputStream(signedLimitRequestBytes));
    }

    // ---- the codec ----

    /** Frame decode, DLMS decode of the payload and MAC verification of an ECS22b response. */
    @Benchmark
    public void ecs22bResponse_decodeAndVerifyMac(Blackhole bh) throws GbcsDecodeException {
        GbcsMessage m = decoder.decode(ecs22bResponse);
        bh.consume(XdlmsCodec.decode(m.apdu().content()));
        bh.consume(security.verifyMac(ecs22bResponse, m));
    }

    /** Raw crypto inside the above: the KDF and a GCM tag check over the same bytes. */
    @Benchmark
    public boolean ecs22bResponse_rawKdfAndGcm() {
        byte[] key = GbcsKdf.deriveKey(ecs22bSecret, ESME, 2, 1002, SUPPLIER);
        return AesGcm.verifyMac(key, AesGcm.iv(ESME), ecs22bResponse, ecs22bLayout.apduOffset(), ecs22bLayout.apduLength(),
                ecs22bResponse, ecs22bLayout.macOffset());
    }

    /** Build an ECS47e command from its typed record, sign nothing (a signed pre-command is given), MAC, encode. */
    @Benchmark
    public byte[] ecs47eCommand_encodeAndMac() {
        GeneralSigningApdu built = UseCaseCommands.build(limit, new CommandContext(LOAD_CONTROLLER, SAPC, 5001));
        return GbcsFrameEncoder.encode(security.addMac(built.withSignature(ecs47eSigned.signature())));
    }

    /** Raw crypto inside the above: the KDF and a GCM tag over the same APDU. */
    @Benchmark
    public byte[] ecs47eCommand_rawKdfAndGcm() {
        byte[] key = GbcsKdf.deriveKey(acbSapcSecret, LOAD_CONTROLLER, 1, 5001, SAPC);
        return AesGcm.mac(key, AesGcm.iv(LOAD_CONTROLLER), ecs47eApduBytes, 0, ecs47eApduBytes.length);
    }

    // ---- the primitives ----

    @Benchmark
    public byte[] ecdsaSign() {
        return Ecdsa.sign(lcDs.privateKey(), signedBytes);
    }

    @Benchmark
    public boolean ecdsaVerify() {
        return Ecdsa.verify(lcDs.publicKey(), signedBytes, signature);
    }

    @Benchmark
    public boolean ecdsaVerify_sunEc() throws Exception {
        sunEcVerifier.initVerify(sunEcKey);
        sunEcVerifier.update(signedBytes);
        return sunEcVerifier.verify(signature);
    }

    @Benchmark
    public byte[] ecdh_uncached() {
        return Ecdh.sharedSecret(ecdhA.privateKey(), ecdhB.publicKey());
    }

    @Benchmark
    public byte[] sha256_signedBytes() {
        return Ecdsa.sha256(signedBytes, 0, signedBytes.length);
    }
}
