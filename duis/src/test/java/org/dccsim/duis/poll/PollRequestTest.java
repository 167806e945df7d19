package org.dccsim.duis.poll;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PollRequestTest {
    @Test
    void validToken_takesOneToSixtyFourLettersDigitsAndPunctuation_only() {
        assertThat(PollRequest.validToken("client-3f.a_b:9")).isTrue();
        assertThat(PollRequest.validToken("x".repeat(64))).isTrue();
        assertThat(PollRequest.validToken("x".repeat(65))).isFalse();
        assertThat(PollRequest.validToken("")).isFalse();
        assertThat(PollRequest.validToken(null)).isFalse();
        assertThat(PollRequest.validToken("a b")).isFalse();
        assertThat(PollRequest.validToken("a/b")).isFalse();
        assertThat(PollRequest.validToken("caf\u00e9")).as("letters outside ASCII").isFalse();
        assertThat(PollRequest.validToken("\u0661\u0662")).as("digits outside ASCII").isFalse();
    }
}
