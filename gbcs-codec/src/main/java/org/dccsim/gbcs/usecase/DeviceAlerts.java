package org.dccsim.gbcs.usecase;

import java.util.Optional;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.dlms.XdlmsApdu;
import org.dccsim.gbcs.dlms.XdlmsCodec;
import org.dccsim.gbcs.frame.CraFlag;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.frame.OtherInformation;
import org.dccsim.gbcs.frame.SignatureField;

/** Builds and reads DLMS alert frames. */
public final class DeviceAlerts {
    private DeviceAlerts() {
    }

    /**
     * The alert's General-Signing APDU from {@code device} to {@code recipient} with the device's own alert
     * counter; critical alerts still need the device's signature, the others its MAC.
     */
    public static GeneralSigningApdu build(DeviceAlert alert, Eui64 device, Eui64 recipient, long counter) {
        XdlmsApdu.DataNotification n = new XdlmsApdu.DataNotification(XdlmsApdu.gbcsInvokeIdAndPriority(counter),
                alert.body());
        return new GeneralSigningApdu(CraFlag.ALERT, counter, device, recipient, null,
                OtherInformation.of(alert.messageCode()), XdlmsCodec.encode(n), SignatureField.NULL);
    }

    /** The alert in a received frame, or empty when it is not a DLMS data-notification. */
    public static Optional<DeviceAlert> parse(GeneralSigningApdu apdu) {
        if (apdu.cra() != CraFlag.ALERT) {
            return Optional.empty();
        }
        try {
            if (XdlmsCodec.decode(apdu.content()) instanceof XdlmsApdu.DataNotification n) {
                return Optional.of(DeviceAlert.parse(apdu.messageCode(), n.body()));
            }
        } catch (GbcsDecodeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
