package org.dccsim.cli;

import org.dccsim.gbcs.crypto.DirectoryKeyStore;
import org.dccsim.gbcs.crypto.GbcsKeyStore;
import org.dccsim.gbcs.crypto.SimulatedDeviceKeyStore;
import org.dccsim.headend.server.HeadEndConfig;
import org.dccsim.headend.server.HeadEndServer;
import org.dccsim.lab.Lab;

/** What the CLI reads from a lab beyond its client profiles. */
final class LabProfile {
    private LabProfile() {
    }

    /**
     * The lab's devices' keys as its head-end and devices derive them (its pki and device secret): to check the
     * signatures of their answers and alerts. Devices are the EUI-64s whose first byte is 00, as a lab's all are.
     */
    static GbcsKeyStore deviceKeys(Lab lab) {
        try {
            HeadEndConfig c = HeadEndServer.read(lab.headendConfig());
            return new SimulatedDeviceKeyStore(new DirectoryKeyStore(lab.pki()), e -> (e.value() >>> 56) == 0,
                    c.deviceSecret() == null ? HeadEndServer.DEFAULT_DEVICE_SECRET : c.deviceSecret());
        } catch (HeadEndServer.ConfigException e) {
            throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
        }
    }
}
