package dev.braintrust.spring.boot.integrations.googlegenai;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;

import okio.Buffer;
import okio.ByteString;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BufferedBytesTests {

	@Test
	void theBytesOfSeveralSegmentsAreReadAndLeftInTheBuffer() throws IOException {
		byte[] bytes = new byte[100_000];
		new Random(7).nextBytes(bytes);
		Buffer buffer = new Buffer().write(bytes);
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		try (BufferedBytes in = new BufferedBytes(buffer)) {
			read.write(in.read());
			byte[] chunk = new byte[3000];
			int count;
			while ((count = in.read(chunk, 0, chunk.length)) >= 0) {
				read.write(chunk, 0, count);
			}
			assertThat(in.read()).isEqualTo(-1);
		}
		assertThat(read.toByteArray()).isEqualTo(bytes);
		assertThat(buffer.readByteString()).isEqualTo(ByteString.of(bytes));
	}

	@Test
	void aLongJsonStringIsDecodedFromTheBytes() {
		String escaped = "Latin-1 é, \\u00e9 \\u00ff \\/ \\b\\f\\r\\t\\n \\\" \\\\. ";
		String decoded = "Latin-1 é, é ÿ / \b\f\r\t\n \" \\. ";
		Buffer buffer = new Buffer().writeUtf8("{\"text\": \"" + escaped.repeat(2_000) + "\", \"next\": 1}");
		try (BufferedBytes bytes = new BufferedBytes(buffer)) {
			assertThat(bytes.jsonString(9, 1_000)).isEqualTo(decoded.repeat(2_000));
			assertThat(bytes.jsonString(9, decoded.length() * 2_000 + 1)).isNull();
			assertThat(bytes.jsonString(8, 0)).isNull();
		}
	}

	@Test
	void aJsonStringBeyondLatin1KeepsItsCharactersAndSurrogatePairs() {
		String escaped = "€ 😀 \\u20ac \\ud83d\\ude00 é ";
		String decoded = "€ 😀 € 😀 é ";
		Buffer buffer = new Buffer().writeUtf8("[\"" + escaped.repeat(5_000) + "\"]");
		try (BufferedBytes bytes = new BufferedBytes(buffer)) {
			assertThat(bytes.jsonString(1, 0)).isEqualTo(decoded.repeat(5_000));
		}
	}

	@Test
	void aJsonStringThatIsNotWellFormedIsLeftToTheParser() {
		for (String json : new String[] { "\"unterminated", "\"bad escape \\x\"", "\"bad unicode \\u12G4\"",
				"\"cut unicode \\u12" }) {
			try (BufferedBytes bytes = new BufferedBytes(new Buffer().writeUtf8(json))) {
				assertThat(bytes.jsonString(0, 0)).as(json).isNull();
			}
		}
		byte[] invalidUtf8 = { '"', 'a', (byte) 0xc3, 'b', '"' };
		try (BufferedBytes bytes = new BufferedBytes(new Buffer().write(invalidUtf8))) {
			assertThat(bytes.jsonString(0, 0)).isNull();
			assertThat(bytes.jsonString(5, 0)).isNull();
		}
	}

	@Test
	void anEmptyBufferHasNoBytes() throws IOException {
		try (BufferedBytes in = new BufferedBytes(new Buffer())) {
			assertThat(in.read()).isEqualTo(-1);
			assertThat(in.read(new byte[8], 0, 8)).isEqualTo(-1);
		}
	}

}
