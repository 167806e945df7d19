package org.dccsim.gbcs.crypto;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.dccsim.gbcs.Eui64;

/**
 * A key store's keys with some replaced: a device's own new key pair once it has placed its new certificate (GBCS 13.5,
 * CS02d), or, on the head-end's side, the new public key a device's confirmed certificate carries. A replaced public
 * key without its private key hides the store's private key for that slot: it no longer matches.
 */
final class ReplacedKeys implements GbcsKeyStore {
    private record Slot(long party, KeyUsage usage) {
    }

    private final GbcsKeyStore base;
    private final ConcurrentHashMap<Slot, EcKeys.PublicKey> publics = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Slot, Optional<EcKeys.PrivateKey>> privates = new ConcurrentHashMap<>();

    ReplacedKeys(GbcsKeyStore base) {
        this.base = base;
    }

    /**
     * Replaces {@code party}'s key for {@code usage}; {@code privateKey} null when only the public half is known. The
     * public half of a key already replaced with its private half leaves the pair as it is (a head-end and its devices
     * that share one store both learn of the same new key).
     */
    void replace(Eui64 party, KeyUsage usage, EcKeys.PublicKey publicKey, EcKeys.PrivateKey privateKey) {
        Slot s = new Slot(party.value(), usage);
        EcKeys.PublicKey old = publics.get(s);
        if (privateKey == null && old != null && Arrays.equals(old.encoded(), publicKey.encoded())) {
            return;
        }
        privates.put(s, Optional.ofNullable(privateKey));
        publics.put(s, publicKey);
    }

    @Override
    public Optional<EcKeys.PublicKey> publicKey(Eui64 party, KeyUsage usage) {
        if (publics.isEmpty()) {
            return base.publicKey(party, usage);
        }
        EcKeys.PublicKey k = publics.get(new Slot(party.value(), usage));
        return k != null ? Optional.of(k) : base.publicKey(party, usage);
    }

    @Override
    public Optional<EcKeys.PrivateKey> privateKey(Eui64 party, KeyUsage usage) {
        if (privates.isEmpty()) {
            return base.privateKey(party, usage);
        }
        Optional<EcKeys.PrivateKey> k = privates.get(new Slot(party.value(), usage));
        return k != null ? k : base.privateKey(party, usage);
    }
}
