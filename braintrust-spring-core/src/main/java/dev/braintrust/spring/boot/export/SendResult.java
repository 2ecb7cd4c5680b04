package dev.braintrust.spring.boot.export;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of one OTLP request to one destination ({@code x-bt-parent}).
 *
 * @param kind what the outcome means for the spans and for the breaker
 * @param statusCode the HTTP status, or 0 when no response was received
 * @param retryAfter how long the server asked to wait ({@code Retry-After}), or
 * {@code null}
 * @param detail a printable description for a log line (never a secret)
 */
record SendResult(Kind kind, int statusCode, @Nullable Duration retryAfter, String detail) {

	static SendResult success(int statusCode) {
		return new SendResult(Kind.SUCCESS, statusCode, null, "HTTP " + statusCode);
	}

	static SendResult retryable(int statusCode, @Nullable Duration retryAfter, String detail) {
		return new SendResult(Kind.RETRYABLE, statusCode, retryAfter, detail);
	}

	static SendResult rejected(int statusCode, String detail) {
		return new SendResult(Kind.REJECTED, statusCode, null, detail);
	}

	static SendResult failed(int statusCode, String detail) {
		return new SendResult(Kind.FAILED, statusCode, null, detail);
	}

	boolean isSuccess() {
		return this.kind == Kind.SUCCESS;
	}

	/**
	 * Whether the backend as a whole failed, so that the outcome counts toward the shared
	 * circuit breaker.
	 * @return {@code true} for failures that are not one destination's fault
	 */
	boolean isBackendFailure() {
		return this.kind == Kind.RETRYABLE || this.kind == Kind.FAILED;
	}

	enum Kind {

		/** Accepted (2xx). */
		SUCCESS,

		/**
		 * The backend is unavailable for now (connection error, timeout, 408, 429, 5xx):
		 * the spans are held and sent again.
		 */
		RETRYABLE,

		/**
		 * The destination's fault, not the backend's: a 4xx answer about this
		 * {@code x-bt-parent} (a deleted experiment, no permission), or a destination
		 * that cannot be sent as a header. Never retried; does not count toward the
		 * breaker.
		 */
		REJECTED,

		/**
		 * The backend failed in a way another attempt will not change (401 with an
		 * invalid key, an unexpected error): the spans are counted failed, and the
		 * failure counts toward the breaker.
		 */
		FAILED

	}

}
