package dev.braintrust.spring.boot.viewer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One line of the viewer's list: a trace's root, its time, tokens and errors. A trace's
 * roots are its spans whose parent is not in the trace (the application's HTTP span is
 * not an AI span, so the top-most AI spans are the roots); the first one names the trace.
 *
 * @param traceId the trace id
 * @param name the name of the first root span
 * @param rootType the Braintrust type of the first root span, or null
 * @param roots how many root spans the trace has
 * @param startNanos the earliest start, in nanoseconds since the epoch
 * @param endNanos the latest end, in nanoseconds since the epoch
 * @param spanCount how many spans are kept
 * @param droppedSpans how many spans were not kept (bounds)
 * @param llmCalls how many spans are model calls
 * @param inputTokens input tokens of the model calls
 * @param outputTokens output tokens of the model calls
 * @param errors how many spans failed
 */
record TraceSummary(String traceId, String name, String rootType, int roots, long startNanos, long endNanos,
		int spanCount, int droppedSpans, int llmCalls, long inputTokens, long outputTokens, int errors) {

	static final Comparator<RecordedSpan> BY_START = Comparator.comparingLong(RecordedSpan::startNanos)
		.thenComparing(RecordedSpan::endNanos, Comparator.reverseOrder());

	static TraceSummary of(String traceId, List<RecordedSpan> spans, int droppedSpans) {
		Set<String> ids = spanIds(spans);
		List<RecordedSpan> roots = new ArrayList<>(2);
		long start = Long.MAX_VALUE;
		long end = Long.MIN_VALUE;
		int llmCalls = 0;
		long input = 0;
		long output = 0;
		int errors = 0;
		for (RecordedSpan span : spans) {
			if (!span.hasParentIn(ids)) {
				roots.add(span);
			}
			start = Math.min(start, span.startNanos());
			end = Math.max(end, span.endNanos());
			if ("llm".equals(span.type())) {
				llmCalls++;
			}
			// An agent's or a task's own usage, if any, sums its calls: count the calls
			// only
			if (!"task".equals(span.type())) {
				input += (span.inputTokens() != null) ? span.inputTokens() : 0;
				output += (span.outputTokens() != null) ? span.outputTokens() : 0;
			}
			if (span.error()) {
				errors++;
			}
		}
		roots.sort(BY_START);
		RecordedSpan first = roots.isEmpty() ? null : roots.get(0);
		return new TraceSummary(traceId, (first != null) ? first.shownName() : traceId,
				(first != null && first.type() != null) ? first.type() : "", roots.size(), spans.isEmpty() ? 0 : start,
				spans.isEmpty() ? 0 : end, spans.size(), droppedSpans, llmCalls, input, output, errors);
	}

	static Set<String> spanIds(List<RecordedSpan> spans) {
		Set<String> ids = new HashSet<>(spans.size() * 2);
		for (RecordedSpan span : spans) {
			ids.add(span.spanId());
		}
		return ids;
	}

	long totalTokens() {
		return this.inputTokens + this.outputTokens;
	}

}
