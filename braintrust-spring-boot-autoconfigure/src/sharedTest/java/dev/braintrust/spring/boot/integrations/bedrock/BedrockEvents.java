package dev.braintrust.spring.boot.integrations.bedrock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.io.ClassPathResource;
import org.springframework.util.StreamUtils;

/**
 * A Bedrock {@code ConverseStream} response in the AWS event-stream framing, encoded with
 * the SDK's own codec from a test resource of one event a line: the event type, a tab,
 * the JSON payload ({@code !exception:<type>} for an exception event; {@code chunk+json}
 * for an InvokeModel stream's chunk written as the model's JSON, sent base64-encoded in a
 * {@code chunk} event as Bedrock does). The codec is
 * {@code software.amazon.awssdk.eventstream} in recent SDKs and
 * {@code software.amazon.eventstream} (a separate artifact) in older ones such as the
 * oldest the integration supports: it is looked up by name, the two have the same API.
 */
final class BedrockEvents {

	static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";

	private static final String CHUNK_JSON = "chunk+json";

	private BedrockEvents() {
	}

	static List<byte[]> frames(String resource) {
		List<byte[]> frames = new ArrayList<>();
		for (String line : read(resource).split("\n")) {
			if (line.isBlank()) {
				continue;
			}
			int tab = line.indexOf('\t');
			String type = line.substring(0, tab);
			byte[] payload = line.substring(tab + 1).getBytes(StandardCharsets.UTF_8);
			if (type.equals(CHUNK_JSON)) {
				// An InvokeModel stream's chunk: the model family's JSON, base64 in
				// "bytes".
				type = "chunk";
				payload = ("{\"bytes\":\"" + Base64.getEncoder().encodeToString(payload) + "\"}")
					.getBytes(StandardCharsets.UTF_8);
			}
			Map<String, Object> headers = new LinkedHashMap<>();
			if (type.startsWith("!exception:")) {
				headers.put(":message-type", header("exception"));
				headers.put(":exception-type", header(type.substring("!exception:".length())));
			}
			else {
				headers.put(":message-type", header("event"));
				headers.put(":event-type", header(type));
			}
			headers.put(":content-type", header("application/json"));
			frames.add(encode(headers, payload));
		}
		return frames;
	}

	private static Object header(String value) {
		try {
			return codec("HeaderValue").getMethod("fromString", String.class).invoke(null, value);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] encode(Map<String, Object> headers, byte[] payload) {
		try {
			Object message = codec("Message").getConstructor(Map.class, byte[].class).newInstance(headers, payload);
			ByteBuffer buffer = (ByteBuffer) message.getClass().getMethod("toByteBuffer").invoke(message);
			byte[] frame = new byte[buffer.remaining()];
			buffer.get(frame);
			return frame;
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Class<?> codec(String name) throws ClassNotFoundException {
		try {
			return Class.forName("software.amazon.awssdk.eventstream." + name);
		}
		catch (ClassNotFoundException ex) {
			return Class.forName("software.amazon.eventstream." + name);
		}
	}

	private static String read(String resource) {
		try (InputStream in = new ClassPathResource(resource).getInputStream()) {
			return StreamUtils.copyToString(in, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
