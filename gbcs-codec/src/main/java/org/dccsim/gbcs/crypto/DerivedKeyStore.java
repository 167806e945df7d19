package org.dccsim.gbcs.crypto;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.dccsim.gbcs.Eui64;

/**
 * Key pairs derived on first use from a secret label and a party's EUI-64, for the parties a predicate covers:
 * simulated fleets of any size get device keys without a key file per device, and every process that knows the
 * label derives the same keys. A test PKI shortcut for devices only; organisations' keys come from files.
 */
public final class DerivedKeyStore implements GbcsKeyStore {
    private record Slot(Eui64 party, KeyUsage usage) {
    }

    private final String secret;
    private final Predicate<Eui64> covers;
    private final ConcurrentHashMap<Slot, EcKeys.KeyPair> cache = new ConcurrentHashMap<>();

    public DerivedKeyStore(String secret, Predicate<Eui64> covers) {
        this.secret = secret;
        this.covers = covers;
    }

    private Optional<EcKeys.KeyPair> pair(Eui64 party, KeyUsage usage) {
        if (!covers.test(party)) {
            return Optional.empty();
        }
        return Optional.of(cache.computeIfAbsent(new Slot(party, usage),
                s -> EcKeys.deterministic(secret + "/" + party + "/" + usage.fileTag())));
    }

    @Override
    public Optional<EcKeys.PublicKey> publicKey(Eui64 party, KeyUsage usage) {
        return pair(party, usage).map(EcKeys.KeyPair::publicKey);
    }

    @Override
    public Optional<EcKeys.PrivateKey> privateKey(Eui64 party, KeyUsage usage) {
        return pair(party, usage).map(EcKeys.KeyPair::privateKey);
    }
}
