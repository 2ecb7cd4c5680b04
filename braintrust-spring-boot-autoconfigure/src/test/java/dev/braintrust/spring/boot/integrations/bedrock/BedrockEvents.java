package dev.braintrust.spring.boot.integrations.bedrock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

import org.springframework.core.io.ClassPathResource;
import org.springframework.util.StreamUtils;

/**
 * A Bedrock {@code ConverseStream} response in the AWS event-stream framing, encoded with
 * the SDK's own codec from a test resource of one event a line: the event type, a tab,
 * the JSON payload ({@code !exception:<type>} for an exception event).
 */
final class BedrockEvents {

	static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";

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
			Map<String, HeaderValue> headers = new LinkedHashMap<>();
			if (type.startsWith("!exception:")) {
				headers.put(":message-type", HeaderValue.fromString("exception"));
				headers.put(":exception-type", HeaderValue.fromString(type.substring("!exception:".length())));
			}
			else {
				headers.put(":message-type", HeaderValue.fromString("event"));
				headers.put(":event-type", HeaderValue.fromString(type));
			}
			headers.put(":content-type", HeaderValue.fromString("application/json"));
			ByteBuffer buffer = new Message(headers, payload).toByteBuffer();
			byte[] frame = new byte[buffer.remaining()];
			buffer.get(frame);
			frames.add(frame);
		}
		return frames;
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
