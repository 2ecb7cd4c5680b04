package dev.braintrust.spring.boot.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogEscaperTests {

	@Test
	void lineBreaksAndTabsAreWrittenAsTheirEscapes() {
		assertThat(LogEscaper.escape("gpt-4o\nLLM chat forged\r\tx")).isEqualTo("gpt-4o\\nLLM chat forged\\r\\tx");
	}

	@Test
	void otherControlCharactersAreWrittenAsUnicodeEscapes() {
		assertThat(LogEscaper.escape("a\u0000b\u001b[31mc\u007fd\u0085e"))
			.isEqualTo("a\\u0000b\\u001b[31mc\\u007fd\\u0085e");
	}

	@Test
	void unicodeLineAndParagraphSeparatorsAreEscaped() {
		assertThat(LogEscaper.escape("a\u2028b\u2029c")).isEqualTo("a\\u2028b\\u2029c");
	}

	@Test
	void invisibleFormatCharactersAreEscaped() {
		// A right-to-left override would display the rest of the line reversed.
		assertThat(LogEscaper.escape("model\u202e\u200bx\ufeff")).isEqualTo("model\\u202e\\u200bx\\ufeff");
	}

	@Test
	void printableTextIsReturnedAsItIs() {
		String name = "claude-sonnet-4-5 (Café, 日本, 🤖) \"quoted\" \\backslash";
		assertThat(LogEscaper.escape(name)).isSameAs(name);
	}

	@Test
	void nullIsWrittenAsNull() {
		assertThat(LogEscaper.escape(null)).isEqualTo("null");
	}

}
