package dev.braintrust.spring.boot.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * The metadata and tags the application adds to one span while it runs, from any thread,
 * bounded: at most {@value #MAX_ENTRIES} metadata entries and {@value #MAX_TAGS} tags,
 * names and tags of at most {@value #MAX_NAME_LENGTH} characters (longer ones are cut),
 * values already bounded by {@link BraintrustSpans}. What is past a bound is left out.
 */
final class SpanNotes {

	static final int MAX_ENTRIES = 64;

	static final int MAX_TAGS = 64;

	static final int MAX_NAME_LENGTH = 256;

	private final ReentrantLock lock = new ReentrantLock();

	private final Map<String, @Nullable Object> metadata = new LinkedHashMap<>();

	private final Set<String> tags = new LinkedHashSet<>();

	void metadata(String key, @Nullable Object value) {
		String name = cut(key);
		this.lock.lock();
		try {
			if (this.metadata.size() < MAX_ENTRIES || this.metadata.containsKey(name)) {
				this.metadata.put(name, value);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	void tag(String tag) {
		String name = cut(tag);
		this.lock.lock();
		try {
			if (this.tags.size() < MAX_TAGS) {
				this.tags.add(name);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	SpanAnnotations snapshot() {
		this.lock.lock();
		try {
			return new SpanAnnotations(Collections.unmodifiableMap(new LinkedHashMap<>(this.metadata)),
					Collections.unmodifiableList(new ArrayList<>(this.tags)));
		}
		finally {
			this.lock.unlock();
		}
	}

	private static String cut(String name) {
		return (name.length() <= MAX_NAME_LENGTH) ? name : name.substring(0, MAX_NAME_LENGTH);
	}

}
