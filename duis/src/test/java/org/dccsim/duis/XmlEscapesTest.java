package org.dccsim.duis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Canonical XML's escapes (C14N 1.0 section 2.3), written in runs. */
class XmlEscapesTest {
    private static String text(String s) {
        StringBuilder b = new StringBuilder("[");
        XmlEscapes.text(b, s);
        return b.append(']').toString();
    }

    private static String attribute(String s) {
        StringBuilder b = new StringBuilder("[");
        XmlEscapes.attribute(b, s);
        return b.append(']').toString();
    }

    @Test
    void text_escapesAmpersandAnglesAndCr_wherever_theyStand() {
        assertThat(text("")).isEqualTo("[]");
        assertThat(text("AAECAwQ=")).isEqualTo("[AAECAwQ=]");
        assertThat(text("&a<b>c\r")).isEqualTo("[&amp;a&lt;b&gt;c&#xD;]");
        assertThat(text("<<")).isEqualTo("[&lt;&lt;]");
        assertThat(text("x\"y\tz\n")).as("quotes, tabs and LF stay in text").isEqualTo("[x\"y\tz\n]");
    }

    @Test
    void attribute_escapesQuoteAndWhitespaceThatNormalisationWouldChange() {
        assertThat(attribute("plain")).isEqualTo("[plain]");
        assertThat(attribute("a\"<&\t\n\r>")).isEqualTo("[a&quot;&lt;&amp;&#x9;&#xA;&#xD;>]");
        assertThat(attribute("\"")).isEqualTo("[&quot;]");
    }
}
