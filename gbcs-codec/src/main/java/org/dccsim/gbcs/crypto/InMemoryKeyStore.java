package org.dccsim.gbcs.crypto;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.dccsim.gbcs.Eui64;

/** Keys held in memory: generated fleets, tests, and overlays on top of a directory. */
public final class InMemoryKeyStore implements GbcsKeyStore {
    private record Slot(Eui64 party, KeyUsage usage) {
    }

    private final Map<Slot, EcKeys.PublicKey> publicKeys = new ConcurrentHashMap<>();
    private final Map<Slot, EcKeys.PrivateKey> privateKeys = new ConcurrentHashMap<>();

    public InMemoryKeyStore putPublic(Eui64 party, KeyUsage usage, EcKeys.PublicKey key) {
        publicKeys.put(new Slot(party, usage), key);
        return this;
    }

    public InMemoryKeyStore putPair(Eui64 party, KeyUsage usage, EcKeys.KeyPair pair) {
        publicKeys.put(new Slot(party, usage), pair.publicKey());
        privateKeys.put(new Slot(party, usage), pair.privateKey());
        return this;
    }

    @Override
    public Optional<EcKeys.PublicKey> publicKey(Eui64 party, KeyUsage usage) {
        return Optional.ofNullable(publicKeys.get(new Slot(party, usage)));
    }

    @Override
    public Optional<EcKeys.PrivateKey> privateKey(Eui64 party, KeyUsage usage) {
        return Optional.ofNullable(privateKeys.get(new Slot(party, usage)));
    }
}
