package org.dccsim.duis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dccsim.gbcs.Eui64;
import org.dccsim.testing.SharedData;
import org.junit.jupiter.api.Test;

class DuisDocumentsTest {
    private static final String REQUEST = """
            <?xml version="1.0" encoding="UTF-8"?>
            <sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="5.4">
              <sr:Header>
                <sr:RequestID>90-B3-D5-1F-30-01-00-08:00-DB-12-34-56-78-90-A6:18446744073709551615</sr:RequestID>
                <sr:CommandVariant>4</sr:CommandVariant>
                <sr:ServiceReference>7.16</sr:ServiceReference>
                <sr:ServiceReferenceVariant>7.16</sr:ServiceReferenceVariant>
              </sr:Header>
              <sr:Body>
                <sr:LimitAPCLevel auxiliaryControllerN="1">
                  <sr:StartDateTime>2026-06-01T17:00:00Z</sr:StartDateTime>
                  <sr:EndDateTime>2026-06-01T19:00:00Z</sr:EndDateTime>
                  <sr:CommandedStateLevel>40</sr:CommandedStateLevel>
                </sr:LimitAPCLevel>
              </sr:Body>
            </sr:Request>
            """;

    @Test
    void read_limitApcLevel_readsHeaderAndBody() throws Exception {
        ServiceRequest r = ServiceRequest.read(DuisDocuments.withoutSchema().parse(REQUEST.getBytes(StandardCharsets.UTF_8)));
        assertThat(r.requestId().originator()).isEqualTo(Eui64.parse("90B3D51F30010008"));
        assertThat(r.requestId().target()).isEqualTo(Eui64.parse("00DB1234567890A6"));
        assertThat(Long.toUnsignedString(r.requestId().counter())).isEqualTo("18446744073709551615");
        assertThat(r.commandVariant()).isEqualTo(4);
        assertThat(r.serviceReferenceVariant()).isEqualTo("7.16");
        assertThat(r.body().name()).isEqualTo("LimitAPCLevel");
        assertThat(r.body().attribute("auxiliaryControllerN")).contains("1");
        assertThat(r.body().text("CommandedStateLevel")).isEqualTo("40");
    }

    @Test
    void badHeaders_areRefusedWithE12() {
        for (String bad : List.of(
                REQUEST.replace(":18446744073709551615", "::1000"),
                REQUEST.replace("18446744073709551615", "18446744073709551616"),
                REQUEST.replace("<sr:CommandVariant>4", "<sr:CommandVariant>10"),
                REQUEST.replace("<sr:ServiceReference>7.16", "<sr:ServiceReference>7.1"),
                REQUEST.replace("</sr:LimitAPCLevel>", "</sr:LimitAPCLevel><sr:EnableSupply/>"),
                REQUEST.replace("sr:Request ", "sr:Requests ").replace("</sr:Request>", "</sr:Requests>"),
                "not xml at all")) {
            assertThatThrownBy(() -> ServiceRequest.read(DuisDocuments.withoutSchema().parse(bad.getBytes(StandardCharsets.UTF_8))))
                    .isInstanceOfSatisfying(DuisException.class, e -> assertThat(e.responseCode()).isEqualTo("E12"));
        }
    }

    @Test
    void doctypeAndEntities_areRefusedBeforeAnythingIsResolved() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + REQUEST
                .substring(REQUEST.indexOf("<sr:Request")).replace("7.16</sr:ServiceReferenceVariant>",
                        "&x;</sr:ServiceReferenceVariant>");
        assertThatThrownBy(() -> DuisDocuments.withoutSchema().parse(xxe.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DuisException.class).hasMessageContaining("DOCTYPE");
        String billionLaughs = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><l>&b;</l>";
        assertThatThrownBy(() -> DuisDocuments.withoutSchema().parse(billionLaughs.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DuisException.class);
    }

    @Test
    void oversizedDocument_isRefusedUnread() {
        byte[] big = new byte[DuisDocuments.MAX_DOCUMENT_BYTES + 1];
        assertThatThrownBy(() -> DuisDocuments.withoutSchema().parse(big)).hasMessageContaining("exceeds");
    }

    @Test
    void boxedXxeSample_isRefused() throws Exception {
        byte[] xml = Files.readAllBytes(SharedData.require("reference/duis/samples/duis-xxe.xml"));
        assertThatThrownBy(() -> DuisDocuments.withoutSchema().parse(xml)).isInstanceOf(DuisException.class);
    }

    @Test
    void everyTemplate_isValidAgainstTheDuisSchemaAndReads() throws Exception {
        DuisDocuments schema = DuisDocuments.withSchema(SharedData.require("reference/duis/duis-schema-v5.4.xsd"));
        Path dir = SharedData.require("reference/duis/templates");
        int n = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                ServiceRequest r = ServiceRequest.read(schema.parse(Files.readAllBytes(f)));
                assertThat(r.requestId()).as(f.toString()).isNotNull();
                n++;
            }
        }
        System.out.println("DUIS templates valid against the XSD and read: " + n);
        assertThat(n).isGreaterThan(200);
    }

    @Test
    void schemaInvalidRequest_isRefusedWithTheSchemaReason() throws Exception {
        DuisDocuments schema = DuisDocuments.withSchema(SharedData.require("reference/duis/duis-schema-v5.4.xsd"));
        String invalid = REQUEST.replace("<sr:CommandedStateLevel>40", "<sr:CommandedStateLevel>140");
        assertThatThrownBy(() -> schema.parse(invalid.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DuisException.class).hasMessageContaining("DUIS schema");
        schema.parse(REQUEST.getBytes(StandardCharsets.UTF_8));
    }
}
