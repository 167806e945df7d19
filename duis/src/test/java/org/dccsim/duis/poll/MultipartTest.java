package org.dccsim.duis.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void write_thenRead_returnsThePartsInOrder_withTheirSequenceNumbers() {
        List<Multipart.Part> parts = List.of(new Multipart.Part(7, b("<a/>")), new Multipart.Part(8, b("<b>\r\n</b>")),
                new Multipart.Part(12, b("")));
        byte[] body = Multipart.write("xyz", parts);
        assertThat(new String(body, StandardCharsets.UTF_8))
                .startsWith("--xyz\r\nContent-Type: application/xml\r\nDCCSIM-Seq: 7\r\n\r\n<a/>\r\n--xyz")
                .endsWith("--xyz--\r\n");
        List<Multipart.Part> back = Multipart.read("xyz", body);
        assertThat(back).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(back.get(i).body()).isEqualTo(parts.get(i).body());
            assertThat(back.get(i).seq()).isEqualTo(parts.get(i).seq());
        }
    }

    @Test
    void boundary_isTakenFromTheContentType_andOnlyForMultipartMixed() {
        assertThat(Multipart.boundary("multipart/mixed; boundary=dccsim-1")).isEqualTo("dccsim-1");
        assertThat(Multipart.boundary("multipart/mixed; charset=x; boundary=\"q r\"")).isEqualTo("q r");
        assertThat(Multipart.boundary("application/xml")).isNull();
        assertThat(Multipart.boundary(null)).isNull();
        assertThat(Multipart.boundary("multipart/mixed; boundary=" + "x".repeat(71))).as("RFC 2046: at most 70").isNull();
    }

    @Test
    void read_refusesBodiesItDidNotWrite() {
        assertThatThrownBy(() -> Multipart.read("xyz", b("<a/>"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Multipart.read("xyz", b("--xyz\r\nContent-Type: application/xml\r\n\r\n<a/>")))
                .hasMessageContaining("not closed");
        assertThatThrownBy(() -> Multipart.read("xyz", b("--xyz\r\nContent-Type: application/xml<a/>\r\n--xyz--")))
                .hasMessageContaining("end of headers");
        assertThatThrownBy(() -> Multipart.write("xyz", List.of(new Multipart.Part(1, b("a --xyz b")))))
                .hasMessageContaining("boundary");
    }
}
