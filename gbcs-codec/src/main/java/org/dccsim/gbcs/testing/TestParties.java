package org.dccsim.gbcs.testing;

import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.EcKeys;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.InMemoryKeyStore;
import org.dccsim.gbcs.crypto.KeyUsage;

/**
 * Parties with deterministic keys of our own (never the RTDS's), for unit tests and golden vectors that must
 * run without ../shared. The EUIs are the RTDS identities, so messages look familiar. It lives in main code (not a
 * test-jar) so every module's tests, and tests outside this project, can use it from a build that skipped tests.
 */
public final class TestParties {
    public static final Eui64 ACB = Eui64.parse("90B3D51F30000002");
    public static final Eui64 SUPPLIER = Eui64.parse("90B3D51F30010000");
    public static final Eui64 NETWORK_OPERATOR = Eui64.parse("90B3D51F30020000");
    public static final Eui64 LOAD_CONTROLLER = Eui64.parse("90B3D51F30010008");
    /** The DCC's Transitional Change of Supplier party (6.23), as in the RTDS. */
    public static final Eui64 TRANSITIONAL_COS = Eui64.parse("90B3D51F30000004");
    public static final Eui64 ESME = Eui64.parse("00DB1234567890A0");
    public static final Eui64 SAPC = Eui64.parse("00DB1234567890A6");
    /** The site's communications hub (the RTDS's CHF). */
    public static final Eui64 CHF = Eui64.parse("00DB1234567890A2");

    private TestParties() {
    }

    /** Every party's DS and KA pairs, derived from "dccsim-test/<eui>/<usage>". */
    public static InMemoryKeyStore keyStore() {
        InMemoryKeyStore ks = new InMemoryKeyStore();
        for (Eui64 p : new Eui64[] {ACB, SUPPLIER, NETWORK_OPERATOR, LOAD_CONTROLLER, TRANSITIONAL_COS, ESME, SAPC, CHF}) {
            for (KeyUsage u : KeyUsage.values()) {
                ks.putPair(p, u, EcKeys.deterministic("dccsim-test/" + p + "/" + u.fileTag()));
            }
        }
        return ks;
    }

    /** Signs deterministically (RFC 6979), so that what tests build from these parties reproduces byte for byte. */
    public static GbcsSecurity security() {
        return new GbcsSecurity(keyStore(), ACB).withDeterministicSignatures();
    }
}
