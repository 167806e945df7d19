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

    @Test
    void finder_findsTheFirstOccurrence_whereverItIs() {
        Multipart.Finder f = new Multipart.Finder(b("\r\n--ab"));
        assertThat(f.indexOf(b("\r\n--ab"), 0)).as("the whole haystack").isZero();
        assertThat(f.indexOf(b("xx\r\n--a\r\n--ab\r\n--ab"), 0)).as("after a partial match").isEqualTo(7);
        assertThat(f.indexOf(b("xx\r\n--a\r\n--ab\r\n--ab"), 8)).as("from an offset").isEqualTo(13);
        assertThat(f.indexOf(b("x".repeat(5000) + "\r\n--ab"), 0)).isEqualTo(5000);
        assertThat(f.indexOf(b("\r\n--a"), 0)).as("haystack shorter than the needle").isEqualTo(-1);
        assertThat(f.indexOf(b("bbbb--abab\r\n-ab"), 0)).isEqualTo(-1);
        assertThat(f.indexOf(b(""), 0)).isEqualTo(-1);
        assertThat(new Multipart.Finder(b("a")).indexOf(b("bba"), 0)).as("a one-byte needle").isEqualTo(2);
    }

    @Test
    void finder_agreesWithANaiveSearch_onRandomBytes() {
        java.util.Random r = new java.util.Random(42);
        for (int round = 0; round < 2000; round++) {
            byte[] hay = new byte[r.nextInt(64)];
            byte[] needle = new byte[1 + r.nextInt(4)];
            for (int i = 0; i < hay.length; i++) {
                hay[i] = (byte) ('a' + r.nextInt(3));
            }
            for (int i = 0; i < needle.length; i++) {
                needle[i] = (byte) ('a' + r.nextInt(3));
            }
            int from = r.nextInt(8);
            assertThat(new Multipart.Finder(needle).indexOf(hay, from)).as("round " + round)
                    .isEqualTo(naive(hay, needle, from));
        }
    }

    private static int naive(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void read_partHeadersWithOtherLines_stillFindTheSequenceNumber() {
        byte[] body = b("--q\r\nContent-Type: application/xml\r\nX-Other: 1\r\ndccsim-seq:  42 \r\n\r\n<a/>\r\n--q--\r\n");
        assertThat(Multipart.read("q", body)).singleElement().satisfies(p -> assertThat(p.seq()).isEqualTo(42));
        byte[] none = b("--q\r\nContent-Type: application/xml\r\n\r\n<a/>\r\n--q--\r\n");
        assertThat(Multipart.read("q", none)).singleElement().satisfies(p -> assertThat(p.seq()).isEqualTo(-1));
    }
}
