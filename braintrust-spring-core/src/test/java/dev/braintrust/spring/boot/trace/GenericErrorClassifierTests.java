package dev.braintrust.spring.boot.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;

import static org.assertj.core.api.Assertions.assertThat;

class GenericErrorClassifierTests {

	private final GenericErrorClassifier classifier = new GenericErrorClassifier();

	@ParameterizedTest
	@CsvSource({ "400, bad_request", "401, authentication", "403, permission_denied", "404, not_found", "408, timeout",
			"409, bad_request", "422, bad_request", "429, rate_limit", "500, server_error", "503, server_error",
			"529, server_error" })
	void statusCodeMethodIsMapped(int status, String type) {
		assertThat(this.classifier.classify(new StatusCodeException(status, "failed"))).isEqualTo(type);
		assertThat(this.classifier.classify(new GetStatusCodeException(status))).isEqualTo(type);
		assertThat(this.classifier.classify(new CodeException(status))).isEqualTo(type);
	}

	@Test
	void statusCodeIsFoundOnACause() {
		assertThat(this.classifier.classify(new RuntimeException("wrapper", new StatusCodeException(429, "slow down"))))
			.isEqualTo("rate_limit");
	}

	@Test
	void springHttpStatusCodeObjectIsUnderstood() {
		assertThat(this.classifier.classify(new HttpClientErrorException(HttpStatus.TOO_MANY_REQUESTS)))
			.isEqualTo("rate_limit");
	}

	@Test
	void badRequestMessagesNameContextLengthAndContentFilter() {
		assertThat(this.classifier.classify(new StatusCodeException(400,
				"This model's maximum context length is 128000 tokens (context_length_exceeded)")))
			.isEqualTo("context_length_exceeded");
		assertThat(this.classifier.classify(new StatusCodeException(400, "flagged by content_filter")))
			.isEqualTo("content_filter");
	}

	@Test
	void timeoutsAreTimeout() {
		assertThat(this.classifier.classify(new SocketTimeoutException())).isEqualTo("timeout");
		assertThat(this.classifier.classify(new TimeoutException())).isEqualTo("timeout");
		assertThat(this.classifier.classify(new HttpTimeoutException("slow"))).isEqualTo("timeout");
		assertThat(this.classifier.classify(new UncheckedIOException(new SocketTimeoutException())))
			.isEqualTo("timeout");
	}

	@Test
	void ioFailuresAreConnection() {
		assertThat(this.classifier.classify(new ConnectException())).isEqualTo("connection");
		assertThat(this.classifier.classify(new UnknownHostException())).isEqualTo("connection");
		assertThat(this.classifier.classify(new IOException())).isEqualTo("connection");
		assertThat(this.classifier.classify(new UncheckedIOException(new IOException()))).isEqualTo("connection");
	}

	@Test
	void aTimeoutWrappedInAnIoExceptionIsATimeout() {
		assertThat(this.classifier.classify(new IOException("io", new SocketTimeoutException()))).isEqualTo("timeout");
	}

	@Test
	void cancellationAndInterruptionAreCancelled() {
		assertThat(this.classifier.classify(new CancellationException())).isEqualTo("cancelled");
		assertThat(this.classifier.classify(new InterruptedException())).isEqualTo("cancelled");
		assertThat(this.classifier.classify(new CompletionException(new CancellationException())))
			.isEqualTo("cancelled");
	}

	@Test
	void anythingElseIsTheClassName() {
		assertThat(this.classifier.classify(new IllegalStateException())).isEqualTo("java.lang.IllegalStateException");
		assertThat(this.classifier.classify(new StringCodeException())).isEqualTo(StringCodeException.class.getName());
	}

	@Test
	void causeCyclesEndTheWalk() {
		CyclicException first = new CyclicException();
		CyclicException second = new CyclicException();
		first.cause = second;
		second.cause = first;
		assertThat(this.classifier.classify(first)).isEqualTo(CyclicException.class.getName());
	}

	public static class StatusCodeException extends RuntimeException {

		private final int status;

		StatusCodeException(int status, String message) {
			super(message);
			this.status = status;
		}

		public int statusCode() {
			return this.status;
		}

	}

	public static class GetStatusCodeException extends RuntimeException {

		private final int status;

		GetStatusCodeException(int status) {
			this.status = status;
		}

		public Integer getStatusCode() {
			return this.status;
		}

	}

	public static class CodeException extends RuntimeException {

		private final int status;

		CodeException(int status) {
			this.status = status;
		}

		public int code() {
			return this.status;
		}

	}

	public static class StringCodeException extends RuntimeException {

		public String code() {
			return "429";
		}

	}

	static class CyclicException extends RuntimeException {

		Throwable cause;

		@Override
		public synchronized Throwable getCause() {
			return this.cause;
		}

	}

}
