package org.dccsim.gbcs.crypto;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which implementation does the process's elliptic-curve cryptography: chosen once, at first use, and the same
 * for GBCS (raw ECDSA, ECDH) and DUIS (XML signatures).
 *
 * <ul>
 *   <li>{@code native}: AWS-LC through the Amazon Corretto Crypto Provider, where its native library loads
 *       (Linux x86-64). Measured on this project's machines it signs P-256 about five times and verifies about
 *       twice as fast as Bouncy Castle (bench/README.md, "Crypto providers").</li>
 *   <li>{@code bc}: Bouncy Castle's optimised P-256 in Java, which every platform gets.</li>
 * </ul>
 *
 * Chosen by the system property {@code dccsim.crypto} or the environment variable {@code DCCSIM_CRYPTO}:
 * {@code auto} (the default: native where it loads, else Bouncy Castle), {@code native} (fail if it does not load)
 * or {@code bc}. Both paths run the conformance suites in the default build.
 *
 * <p>The native provider signs with random nonces, as devices do; Bouncy Castle signs deterministically (RFC 6979).
 * Code that needs reproducible signatures (golden vectors) asks for {@link Ecdsa#signDeterministic} explicitly.
 *
 * <p>This class is the one place that turns our key types into JCA keys for a provider; the converted keys are
 * kept with the key objects, because converting a private key per call costs a point multiplication.
 */
public final class CryptoEngine {
    /** The property and environment variable that choose the engine. */
    public static final String PROPERTY = "dccsim.crypto";
    public static final String ENV = "DCCSIM_CRYPTO";

    private static volatile CryptoEngine active;

    private final boolean nativeCode;
    private final Provider provider;
    private final String description;
    private final ECParameterSpec p256;
    /**
     * JCA keys (Bouncy Castle's, the JDK's) converted for the native provider, per key object. By identity:
     * Bouncy Castle's key equals() and hashCode() rebuild the curve parameters, which measured slower than the
     * signature itself. Processes hold a handful of such keys (their users' and the gateway's XML-signing keys);
     * the cache is emptied past {@link #MAX_CONVERTED} so that code making key objects per call cannot grow it.
     */
    private final Map<java.security.Key, java.security.Key> converted = new IdentityHashMap<>();
    private static final int MAX_CONVERTED = 4096;

    private CryptoEngine(boolean nativeCode, Provider provider, String description) {
        this.nativeCode = nativeCode;
        this.provider = provider;
        this.description = description;
        this.p256 = nativeCode ? p256Spec() : null;
    }

    /** The engine of this process, chosen at first call. */
    public static CryptoEngine active() {
        CryptoEngine e = active;
        if (e == null) {
            synchronized (CryptoEngine.class) {
                e = active;
                if (e == null) {
                    e = choose(requested());
                    active = e;
                }
            }
        }
        return e;
    }

    /**
     * Asks for an engine before the first use, as a command-line option does: the choice is checked at once and
     * becomes the property {@link #active} reads. A process that has already chosen keeps its engine.
     *
     * @throws IllegalArgumentException as {@link #choose} does
     */
    public static void request(String choice) {
        String c = choice.trim().toLowerCase(Locale.ROOT);
        choose(c);
        System.setProperty(PROPERTY, c);
    }

    private static String requested() {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) {
            v = System.getenv(ENV);
        }
        return v == null || v.isBlank() ? "auto" : v.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException for an unknown choice, or {@code native} where the native provider does not
     *                                  load (the message says why)
     */
    static CryptoEngine choose(String choice) {
        switch (choice) {
            case "bc":
                return bouncyCastle();
            case "native": {
                Optional<String> error = NativeProvider.loadingError();
                if (error.isPresent()) {
                    throw new IllegalArgumentException("the crypto engine 'native' was asked for, but the native provider "
                            + "does not load here: " + error.get() + " (auto falls back to Bouncy Castle)");
                }
                return NativeProvider.engine();
            }
            case "auto":
                return NativeProvider.loadingError().isPresent() ? bouncyCastle() : NativeProvider.engine();
            default:
                throw new IllegalArgumentException("the crypto engine (--crypto, " + ENV + " or -D" + PROPERTY
                        + ") must be auto, native or bc, not '" + choice + "'");
        }
    }

    private static CryptoEngine bouncyCastle() {
        return new CryptoEngine(false, JcaPem.BC, "Bouncy Castle " + JcaPem.BC.getVersionStr() + " (Java)");
    }

    public boolean isNative() {
        return nativeCode;
    }

    /** One line for a start-up banner: which engine, which version. */
    public String description() {
        return description;
    }

    /** The JCA provider for signatures (XMLDSig's SignatureProvider) and key agreement. */
    public Provider provider() {
        return provider;
    }

    /**
     * A key this engine's provider uses without converting it per call: on the native path, the provider's own key
     * for the same value (made once per key object); on Bouncy Castle, the key as given.
     */
    public java.security.PrivateKey forSigning(java.security.PrivateKey key) {
        if (!nativeCode || !(key instanceof ECPrivateKey ec)) {
            return key;
        }
        synchronized (converted) {
            java.security.Key k = converted.get(key);
            if (k == null) {
                k = privateKey(ec.getS());
                remember(key, k);
            }
            return (java.security.PrivateKey) k;
        }
    }

    /** The public-key counterpart of {@link #forSigning}. */
    public java.security.PublicKey forVerifying(java.security.PublicKey key) {
        if (!nativeCode || !(key instanceof ECPublicKey ec)) {
            return key;
        }
        synchronized (converted) {
            java.security.Key k = converted.get(key);
            if (k == null) {
                ECPoint w = ec.getW();
                k = publicKey(w.getAffineX(), w.getAffineY());
                remember(key, k);
            }
            return (java.security.PublicKey) k;
        }
    }

    private void remember(java.security.Key original, java.security.Key forProvider) {
        if (converted.size() >= MAX_CONVERTED) {
            converted.clear();
        }
        converted.put(original, forProvider);
        // A key already converted, handed back here, is itself.
        converted.put(forProvider, forProvider);
    }

    java.security.PrivateKey privateKey(BigInteger d) {
        try {
            return KeyFactory.getInstance("EC", provider).generatePrivate(new ECPrivateKeySpec(d, p256));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the native provider refused a P-256 private key", e);
        }
    }

    java.security.PublicKey publicKey(BigInteger x, BigInteger y) {
        try {
            return KeyFactory.getInstance("EC", provider).generatePublic(new ECPublicKeySpec(new ECPoint(x, y), p256));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the native provider refused a P-256 public key", e);
        }
    }

    private static ECParameterSpec p256Spec() {
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            return params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no P-256 parameters", e);
        }
    }

    @Override
    public String toString() {
        return description;
    }

    /**
     * The native provider, in a class of its own so that a build without its jar, or a platform without its
     * library, only ever sees a loading error.
     */
    private static final class NativeProvider {
        private static final Optional<String> ERROR = probe();

        static Optional<String> loadingError() {
            return ERROR;
        }

        private static Optional<String> probe() {
            try {
                Throwable t = com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
                return t == null ? Optional.empty() : Optional.of(String.valueOf(t.getMessage()));
            } catch (LinkageError e) {
                return Optional.of("Amazon Corretto Crypto Provider is not on the class path (" + e + ")");
            }
        }

        static CryptoEngine engine() {
            com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider p =
                    com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE;
            return new CryptoEngine(true, p, "AWS-LC through Amazon Corretto Crypto Provider " + p.getVersionStr()
                    + " (native)");
        }
    }
}
