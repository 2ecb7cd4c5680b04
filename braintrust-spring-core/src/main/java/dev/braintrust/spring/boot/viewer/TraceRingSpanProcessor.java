package dev.braintrust.spring.boot.viewer;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.braintrust.spring.boot.export.AiSpans;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Fills a {@link TraceRing} with the AI spans of the application as they end: the spans
 * Braintrust would receive ({@link AiSpans}), with the content they carry (captured,
 * redacted and bounded as for Braintrust). Other spans (HTTP, database) are not kept.
 */
public final class TraceRingSpanProcessor implements SpanProcessor {

	private static final Log logger = LogFactory.getLog(TraceRingSpanProcessor.class);

	private final TraceRing ring;

	private final AtomicBoolean failureLogged = new AtomicBoolean();

	/**
	 * Creates the processor.
	 * @param ring the ring it fills
	 */
	public TraceRingSpanProcessor(TraceRing ring) {
		this.ring = ring;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
	}

	@Override
	public boolean isStartRequired() {
		return false;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		try {
			if (AiSpans.isAiSpan(span)) {
				this.ring.add(span.toSpanData());
			}
		}
		catch (RuntimeException ex) {
			// The application's span ends regardless; the viewer misses this one
			if (this.failureLogged.compareAndSet(false, true)) {
				logger.warn("Braintrust trace viewer: a span could not be kept (" + ex.getClass().getName()
						+ "); further failures are not logged");
			}
		}
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

}
