package org.dccsim.cli;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.EcKeys;
import org.dccsim.gbcs.crypto.GbcsKeyStore;
import org.dccsim.gbcs.crypto.KeyStoreException;
import org.dccsim.gbcs.crypto.KeyUsage;
import org.dccsim.gbcs.crypto.SmkiCertificates;

/**
 * Devices' signing keys as the head-end's SMKI certifies them (search by the device's EUI, retrieve the DS certificate),
 * the way DCC's key-store client finds them: so {@code dccsim sr}'s "signature valid" holds for a device that was
 * re-keyed (6.17, 6.15.2) as for one that was not. Asked once per device per run; when SMKI cannot be reached or has
 * no certificate, the profile's own device keys answer (the caller layers this store over them).
 */
final class SmkiDeviceKeys implements GbcsKeyStore {
    private static final Pattern RESULT = Pattern.compile("<Result>(.*?)</Result>", Pattern.DOTALL);
    private final URI services;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ConcurrentHashMap<Eui64, Optional<EcKeys.PublicKey>> signing = new ConcurrentHashMap<>();

    /** @param services SMKI's base, e.g. {@code http://127.0.0.1:8083/services} */
    SmkiDeviceKeys(URI services) {
        this.services = services;
    }

    @Override
    public Optional<EcKeys.PublicKey> publicKey(Eui64 party, KeyUsage usage) {
        if (usage != KeyUsage.DS || (party.value() >>> 56) != 0) {
            // Organisations' EUIs start 90-B3-D5 and the like; devices' top byte is 00 (GBCS 4.3.3.1's device EUIs).
            return Optional.empty();
        }
        return signing.computeIfAbsent(party, this::fetch);
    }

    @Override
    public Optional<EcKeys.PrivateKey> privateKey(Eui64 party, KeyUsage usage) {
        return Optional.empty();
    }

    private Optional<EcKeys.PublicKey> fetch(Eui64 device) {
        try {
            String found = post("certificatesearch", "<CertificateSearchRequest><CertificateSubjectAltName>"
                    + device.dashed().toLowerCase(java.util.Locale.ROOT) + "</CertificateSubjectAltName></CertificateSearchRequest>");
            if (found == null) {
                return Optional.empty();
            }
            Matcher m = RESULT.matcher(found);
            while (m.find()) {
                if (!"DS".equals(field(m.group(1), "CertificateUsage"))) {
                    continue;
                }
                String serial = field(m.group(1), "CertificateSerial");
                if (serial == null || !serial.matches("[0-9A-Fa-f]{1,40}")) {
                    return Optional.empty();
                }
                String cert = post("retrievecertificate", "<CertificateDataRequest><CertificateSerial>"
                        + new BigInteger(serial, 16).toString(16) + "</CertificateSerial></CertificateDataRequest>");
                String body = cert == null ? null : field(cert, "CertificateBody");
                if (body == null) {
                    return Optional.empty();
                }
                SmkiCertificates.Parsed p = SmkiCertificates.parse(Base64.getMimeDecoder().decode(body));
                return p.party().equals(device) && p.digitalSignature() ? Optional.of(p.key()) : Optional.empty();
            }
            return Optional.empty();
        } catch (KeyStoreException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The answer's body on a 200; null for anything else, SMKI down included. */
    private String post(String service, String xml) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(services + "/" + service + "?apikey=dccsim-sr"))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/xml")
                    .POST(HttpRequest.BodyPublishers.ofString("<?xml version=\"1.0\" encoding=\"utf-8\"?>" + xml,
                            StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String field(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        return m.find() ? m.group(1).trim() : null;
    }
}
