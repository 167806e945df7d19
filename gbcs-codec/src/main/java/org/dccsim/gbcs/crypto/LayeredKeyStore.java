package org.dccsim.gbcs.crypto;

import java.util.List;
import java.util.Optional;
import org.dccsim.gbcs.Eui64;

/** Key stores consulted in order; the first that holds a key wins (e.g. generated device keys over the RTDS's). */
public final class LayeredKeyStore implements GbcsKeyStore {
    private final List<GbcsKeyStore> layers;

    public LayeredKeyStore(GbcsKeyStore... layers) {
        this.layers = List.of(layers);
    }

    @Override
    public Optional<EcKeys.PublicKey> publicKey(Eui64 party, KeyUsage usage) {
        for (GbcsKeyStore l : layers) {
            Optional<EcKeys.PublicKey> k = l.publicKey(party, usage);
            if (k.isPresent()) {
                return k;
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<EcKeys.PrivateKey> privateKey(Eui64 party, KeyUsage usage) {
        for (GbcsKeyStore l : layers) {
            Optional<EcKeys.PrivateKey> k = l.privateKey(party, usage);
            if (k.isPresent()) {
                return k;
            }
        }
        return Optional.empty();
    }
}
