package dev.braintrust.spring.boot.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.braintrust.spring.boot.internal.HeaderValues;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * Posts gzipped OTLP/HTTP protobuf requests with one {@link OkHttpClient} for every
 * destination: the {@code x-bt-parent} header is set per request. Never throws: every
 * outcome, a header value that cannot be sent included, is a {@link SendResult}.
 */
final class OtlpHttpSender {

	/** Longest {@code Retry-After} honoured, whatever the server asks. */
	static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

	private static final MediaType PROTOBUF = MediaType.get("application/x-protobuf");

	/** Bytes of an error response kept for the log line. */
	private static final int MAX_ERROR_BODY = 256;

	private final URI endpoint;

	private final String authorization;

	private final OkHttpClient client;

	private final ExecutorService dispatcherExecutor;

	OtlpHttpSender(URI endpoint, String apiKey, Duration timeout) {
		this.endpoint = endpoint;
		this.authorization = "Bearer " + apiKey;
		AtomicInteger threads = new AtomicInteger();
		this.dispatcherExecutor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
				new SynchronousQueue<>(), (runnable) -> {
					Thread thread = new Thread(runnable, "braintrust-export-http-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.client = new OkHttpClient.Builder().dispatcher(new Dispatcher(this.dispatcherExecutor))
			.callTimeout(timeout)
			.connectTimeout(timeout)
			.readTimeout(timeout)
			.writeTimeout(timeout)
			.build();
	}

	URI endpoint() {
		return this.endpoint;
	}

	/**
	 * Send one request.
	 * @param parent the {@code x-bt-parent} header value, or {@code null} for none
	 * @param gzippedBody the gzipped {@code ExportTraceServiceRequest}
	 * @return the outcome, never completed exceptionally
	 */
	CompletableFuture<SendResult> send(@Nullable String parent, byte[] gzippedBody) {
		if (parent != null && !HeaderValues.isSendable(parent)) {
			return CompletableFuture.completedFuture(SendResult.rejected(0,
					"x-bt-parent '" + HeaderValues.printable(parent, 100) + "' cannot be sent as an HTTP header"));
		}
		CompletableFuture<SendResult> result = new CompletableFuture<>();
		try {
			Request.Builder request = new Request.Builder().url(this.endpoint.toString())
				.header("Authorization", this.authorization)
				.header("Content-Encoding", "gzip")
				.post(RequestBody.create(gzippedBody, PROTOBUF));
			if (parent != null) {
				request.header("x-bt-parent", parent);
			}
			this.client.newCall(request.build()).enqueue(new Callback() {

				@Override
				public void onFailure(Call call, IOException ex) {
					result.complete(SendResult.retryable(0, null, describe(ex)));
				}

				@Override
				public void onResponse(Call call, Response response) {
					try (response) {
						result.complete(classify(response));
					}
					catch (RuntimeException ex) {
						result.complete(SendResult.failed(response.code(), ex.getClass().getName()));
					}
				}

			});
		}
		catch (RuntimeException ex) {
			// A header OkHttp refuses (the key is checked at startup, the parent above),
			// a client already shut down: never the exception's message, it may quote a
			// header value
			result.complete(SendResult.failed(0, "request not sent: " + ex.getClass().getName()));
		}
		return result;
	}

	void shutdown() {
		this.client.dispatcher().cancelAll();
		this.dispatcherExecutor.shutdownNow();
		this.client.connectionPool().evictAll();
	}

	private static SendResult classify(Response response) {
		int code = response.code();
		if (code >= 200 && code < 300) {
			return SendResult.success(code);
		}
		String detail = "HTTP " + code + errorBody(response.body());
		// Every 5xx is held and sent again, not only those the OTLP specification calls
		// retryable: during an outage a backend answers 500 as readily as 503
		if (code == 408 || code == 429 || code >= 500) {
			return SendResult.retryable(code, retryAfter(response.header("Retry-After")), detail);
		}
		if (code == 401 || code == 407) {
			return SendResult.failed(code, detail);
		}
		return (code >= 400) ? SendResult.rejected(code, detail) : SendResult.failed(code, detail);
	}

	static @Nullable Duration retryAfter(@Nullable String value) {
		if (value == null || value.isBlank() || value.length() > 64) {
			return null;
		}
		String trimmed = value.strip();
		Duration delay;
		try {
			delay = Duration.ofSeconds(Long.parseLong(trimmed));
		}
		catch (NumberFormatException ex) {
			try {
				delay = Duration.between(ZonedDateTime.now(),
						ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME));
			}
			catch (DateTimeParseException notADate) {
				return null;
			}
		}
		if (delay.isNegative()) {
			return Duration.ZERO;
		}
		return (delay.compareTo(MAX_RETRY_AFTER) > 0) ? MAX_RETRY_AFTER : delay;
	}

	private static String errorBody(ResponseBody body) {
		try (InputStream in = body.byteStream()) {
			byte[] bytes = in.readNBytes(MAX_ERROR_BODY);
			if (bytes.length == 0) {
				return "";
			}
			return ": " + HeaderValues.printable(new String(bytes, StandardCharsets.UTF_8), MAX_ERROR_BODY);
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static String describe(IOException ex) {
		if (ex instanceof ConnectException) {
			return "connection refused";
		}
		if (ex instanceof InterruptedIOException) {
			return "timed out";
		}
		return "connection error (" + ex.getClass().getName() + ")";
	}

}
