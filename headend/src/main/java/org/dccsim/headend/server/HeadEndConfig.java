package org.dccsim.headend.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A head-end config file (JSON or YAML, docs/headend.md): where to listen, where keys and the journal are,
 * the DCC Users and the device inventory. Paths are relative to the file.
 */
public record HeadEndConfig(
        @JsonProperty("bind") String bind,
        @JsonProperty("duisPort") Integer duisPort,
        @JsonProperty("wanPort") Integer wanPort,
        @JsonProperty("keys") String keys,
        @JsonProperty("deviceSecret") String deviceSecret,
        @JsonProperty("dspXmlKey") String dspXmlKey,
        @JsonProperty("dspXmlCertificate") String dspXmlCertificate,
        @JsonProperty("journal") String journal,
        @JsonProperty("xsd") String xsd,
        @JsonProperty("deviceTimeoutSeconds") Integer deviceTimeoutSeconds,
        @JsonProperty("wanRegistration") String wanRegistration,
        @JsonProperty("users") List<User> users,
        @JsonProperty("devices") List<DeviceEntry> devices) {

    public record User(
            @JsonProperty("eui") String eui,
            @JsonProperty("roles") List<String> roles,
            @JsonProperty("xmlCertificate") String xmlCertificate,
            @JsonProperty("receiveResponseUrl") String receiveResponseUrl) {
    }

    public record DeviceEntry(
            @JsonProperty("eui") String eui,
            @JsonProperty("type") String type,
            @JsonProperty("supplier") String supplier,
            @JsonProperty("networkOperator") String networkOperator,
            @JsonProperty("loadControllers") List<String> loadControllers,
            /** DUIS status before any request changes it: Commissioned (absent), InstalledNotCommissioned or Pending. */
            @JsonProperty("status") String status) {
    }
}
