package org.dccsim.gbcs.crypto;

import java.util.Optional;
import org.dccsim.gbcs.Eui64;

/**
 * Where GBCS keys come from: the one port through which the codec, the devices and the head-end reach key
 * material. Implementations cache key objects per party (reusing them doubles Bouncy Castle's verify rate).
 */
public interface GbcsKeyStore {

    Optional<EcKeys.PublicKey> publicKey(Eui64 party, KeyUsage usage);

    Optional<EcKeys.PrivateKey> privateKey(Eui64 party, KeyUsage usage);
}
