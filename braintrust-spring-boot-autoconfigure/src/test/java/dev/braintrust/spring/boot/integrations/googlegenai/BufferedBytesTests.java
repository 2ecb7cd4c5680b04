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
	void anEmptyBufferHasNoBytes() throws IOException {
		try (BufferedBytes in = new BufferedBytes(new Buffer())) {
			assertThat(in.read()).isEqualTo(-1);
			assertThat(in.read(new byte[8], 0, 8)).isEqualTo(-1);
		}
	}

}
