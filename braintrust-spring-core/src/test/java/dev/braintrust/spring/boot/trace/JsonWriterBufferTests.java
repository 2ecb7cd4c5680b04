package dev.braintrust.spring.boot.trace;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The per-thread buffer of {@link JsonWriter}: reused after a document is written, never
 * shared by two writers alive at once.
 */
class JsonWriterBufferTests {

	@Test
	void writersAliveAtOnceDoNotShareTheBuffer() {
		JsonWriter outer = new JsonWriter(16, Integer.MAX_VALUE);
		outer.beginArray().value("outer");
		JsonWriter inner = new JsonWriter(16, Integer.MAX_VALUE);
		inner.beginArray().value("inner").endArray();
		outer.value("after");
		assertThat(inner.toString()).isEqualTo("[\"inner\"]");
		JsonWriter next = new JsonWriter(16, Integer.MAX_VALUE);
		next.beginObject().name("k").value("v").endObject();
		outer.endArray();
		assertThat(outer.toString()).isEqualTo("[\"outer\",\"after\"]");
		assertThat(next.toString()).isEqualTo("{\"k\":\"v\"}");
	}

	@Test
	void documentStaysTheSameAfterTheBufferIsReused() {
		JsonWriter first = new JsonWriter(16, Integer.MAX_VALUE);
		first.value("first \"document\"\n");
		String document = first.toString();
		JsonWriter second = new JsonWriter(16, Integer.MAX_VALUE);
		second.value("x".repeat(100));
		assertThat(second.toString()).hasSize(102);
		assertThat(first.toString()).isSameAs(document).isEqualTo("\"first \\\"document\\\"\\n\"");
	}

	@Test
	void writingAfterTheDocumentIsRefused() {
		JsonWriter json = new JsonWriter(16, Integer.MAX_VALUE);
		json.beginArray().endArray();
		json.toString();
		assertThatIllegalStateException().isThrownBy(() -> json.value("late"));
	}

	@Test
	void largeDocumentsAndDiscardedOnesLeaveTheNextDocumentCorrect() {
		JsonWriter large = new JsonWriter(16, Integer.MAX_VALUE);
		large.content("\"".repeat(20_000));
		assertThat(large.toString()).hasSize(40_002);
		JsonWriter discarded = new JsonWriter(16, Integer.MAX_VALUE);
		discarded.value("dropped");
		discarded.discard();
		JsonWriter next = new JsonWriter(16, Integer.MAX_VALUE);
		next.value("kept");
		assertThat(next.toString()).isEqualTo("\"kept\"");
	}

	@Test
	void longDocumentsAliveAtOnceDoNotShareTheirBuffers() {
		String first = "a\"".repeat(9_000);
		String second = "b\n".repeat(15_000);
		for (int round = 0; round < 3; round++) {
			JsonWriter outer = new JsonWriter(65_536, Integer.MAX_VALUE);
			outer.beginArray().content(first);
			JsonWriter inner = new JsonWriter(20_000, Integer.MAX_VALUE);
			inner.content(second);
			outer.value("after").endArray();
			String innerDocument = inner.toString();
			String outerDocument = outer.toString();
			JsonWriter next = new JsonWriter(65_536, Integer.MAX_VALUE);
			next.content("c".repeat(60_000));
			assertThat(next.toString()).hasSize(60_002);
			assertThat(innerDocument).isEqualTo("\"" + "b\\n".repeat(15_000) + "\"");
			assertThat(outerDocument).isEqualTo("[\"" + "a\\\"".repeat(9_000) + "\",\"after\"]");
		}
	}

}
