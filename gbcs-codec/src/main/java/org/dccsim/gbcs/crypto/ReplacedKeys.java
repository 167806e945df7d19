package org.dccsim.gbcs.crypto;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.dccsim.gbcs.Eui64;

/**
 * A key store's keys with some replaced: on the head-end's side, the new public key a device's confirmed certificate
 * carries (GBCS 13.5, CS02d); a private key too where the caller holds one. A public key replaced alone leaves the
 * private key slot as it was: a device that shares the store and lost its own new key (its state not saved) still
 * signs with the key it was made with, which the head-end then refuses, rather than failing to sign at all.
 */
final class ReplacedKeys implements GbcsKeyStore {
    private record Slot(long party, KeyUsage usage) {
    }

    private final GbcsKeyStore base;
    private final ConcurrentHashMap<Slot, EcKeys.PublicKey> publics = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Slot, EcKeys.PrivateKey> privates = new ConcurrentHashMap<>();

    ReplacedKeys(GbcsKeyStore base) {
        this.base = base;
    }

    /**
     * Replaces {@code party}'s key for {@code usage}; {@code privateKey} null when only the public half is known, which
     * leaves the private slot as it is.
     */
    void replace(Eui64 party, KeyUsage usage, EcKeys.PublicKey publicKey, EcKeys.PrivateKey privateKey) {
        Slot s = new Slot(party.value(), usage);
        if (privateKey != null) {
            privates.put(s, privateKey);
        }
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
        EcKeys.PrivateKey k = privates.get(new Slot(party.value(), usage));
        return k != null ? Optional.of(k) : base.privateKey(party, usage);
    }
}
