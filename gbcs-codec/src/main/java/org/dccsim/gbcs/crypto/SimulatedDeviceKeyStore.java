package org.dccsim.gbcs.crypto;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.dccsim.gbcs.Eui64;

/**
 * The keys a simulation uses, the same on the head-end and device side: remote parties' keys (and any device
 * keys) from a key directory, and, for simulated devices, signing keys derived from a shared secret. A device's
 * key-agreement key also comes from the directory when it holds that device's KA certificate, so MACs made by
 * simulated RTDS devices verify with the RTDS keys; the RTDS publishes no device private keys, so their
 * signing keys can only be derived.
 */
public final class SimulatedDeviceKeyStore implements GbcsKeyStore {
    private final GbcsKeyStore directory;
    private final Predicate<Eui64> devices;
    private final DerivedKeyStore derived;

    public SimulatedDeviceKeyStore(GbcsKeyStore directory, Set<Eui64> devices, String secret) {
        this(directory, Set.copyOf(devices)::contains, secret);
    }

    /** For a fleet that grows: {@code simulated} says, at each use, whether an EUI is a simulated device. */
    public SimulatedDeviceKeyStore(GbcsKeyStore directory, Predicate<Eui64> simulated, String secret) {
        this.directory = directory;
        this.devices = simulated;
        this.derived = new DerivedKeyStore(secret, simulated);
    }

    private boolean derives(Eui64 party, KeyUsage usage) {
        return devices.test(party)
                && (usage == KeyUsage.DS || directory.publicKey(party, KeyUsage.KA).isEmpty());
    }

    @Override
    public Optional<EcKeys.PublicKey> publicKey(Eui64 party, KeyUsage usage) {
        return derives(party, usage) ? derived.publicKey(party, usage) : directory.publicKey(party, usage);
    }

    @Override
    public Optional<EcKeys.PrivateKey> privateKey(Eui64 party, KeyUsage usage) {
        return derives(party, usage) ? derived.privateKey(party, usage) : directory.privateKey(party, usage);
    }
}
