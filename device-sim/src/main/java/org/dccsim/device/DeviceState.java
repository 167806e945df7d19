package org.dccsim.device;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * What of a device must survive a restart of {@code dccsim serve} or {@code dccsim devices} on the same data directory
 * (DESIGN 3, "state that matters is durable"): its trust anchor cells with the keys installed in them, the last counter
 * it accepted from each remote party (so nothing it executed can be replayed), its alert counter, the APC and supply
 * histories (limits, states, switching), the configuration written to its COSEM objects (A-XDR, hex), the
 * devices it is joined with ("EUI:TYPE"; null when none), and its own signing key once it has been re-keyed (null until). Profiles are
 * not stored: they are computed from the load model and this control history. Commands the device itself holds for a
 * future date are not kept (a restart cancels them, as a power cut would a real meter's that lost its queue).
 */
public record DeviceState(
        @JsonProperty("eui") String eui,
        @JsonProperty("trust") Map<String, Cell> trust,
        @JsonProperty("counters") Map<String, String> counters,
        @JsonProperty("alertCounter") long alertCounter,
        @JsonProperty("controllers") Map<Integer, List<Period>> controllers,
        @JsonProperty("supply") List<Period> supply,
        @JsonProperty("armed") boolean armed,
        @JsonProperty("objects") Map<String, Map<Integer, String>> objects,
        @JsonProperty("joined") List<String> joined,
        @JsonProperty("ownKey") OwnKey ownKey) {

    /** A state saved before joins were kept: none joined. */
    public DeviceState(String eui, Map<String, Cell> trust, Map<String, String> counters, long alertCounter,
            Map<Integer, List<Period>> controllers, List<Period> supply, boolean armed, Map<String, Map<Integer, String>> objects) {
        this(eui, trust, counters, alertCounter, controllers, supply, armed, objects, null, null);
    }

    /**
     * The signing key a device made and had its certificate placed for (CS02c, CS02d), PKCS#8 and the certificate, and
     * the key it made for a certificate not yet placed, PKCS#8; DER in hex, each null when there is none. The state file
     * holds them as a device's memory would; they are never logged.
     */
    public record OwnKey(@JsonProperty("privateKey") String privateKey, @JsonProperty("certificate") String certificate,
            @JsonProperty("pendingPrivateKey") String pendingPrivateKey) {
        @Override
        public String toString() {
            return "OwnKey[private keys redacted]";
        }
    }

    /** A trust anchor cell: the party and the keys installed with it (hex SEC1 points; null when from the key store). */
    public record Cell(@JsonProperty("party") String party, @JsonProperty("signingKey") String signingKey,
            @JsonProperty("keyAgreementKey") String keyAgreementKey, @JsonProperty("signingKeyId") String signingKeyId) {
    }

    /** A level over [start, end); end null for a standing level. */
    public record Period(@JsonProperty("start") String start, @JsonProperty("end") String end, @JsonProperty("level") int level) {
    }
}
