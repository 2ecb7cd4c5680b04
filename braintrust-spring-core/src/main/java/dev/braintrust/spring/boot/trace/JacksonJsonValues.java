package dev.braintrust.spring.boot.trace;

import java.io.Writer;
import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectMapper;

/**
 * {@link JsonValues} written by a Jackson {@link ObjectMapper} (the application's, so
 * that a value is recorded as the application serializes it): into a buffer that stops
 * the mapper once the bound is reached, then read back into a JSON-like value (what was
 * written before the bound, with a {@code ...[truncated]} marker). A value the mapper
 * fails on (a class it cannot serialize, a getter that throws) is recorded as its type
 * name.
 */
public final class JacksonJsonValues implements JsonValues {

	private final ObjectMapper mapper;

	/**
	 * Creates values written by a mapper.
	 * @param mapper the mapper
	 */
	public JacksonJsonValues(ObjectMapper mapper) {
		this.mapper = Objects.requireNonNull(mapper, "mapper");
	}

	@Override
	public @Nullable Object toJson(@Nullable Object value, int maxLength) {
		return write(value, maxLength, (out) -> {
			try (JsonGenerator generator = this.mapper.createGenerator(out)) {
				this.mapper.writeValue(generator, value);
			}
		});
	}

	/**
	 * A value as a mapper writes it, bounded: the value itself when it is simple, else
	 * what the mapper wrote before the bound, read back.
	 * @param value the value
	 * @param maxLength the bound
	 * @param mapper writes the value to a writer
	 * @return the JSON-like value
	 */
	static @Nullable Object write(@Nullable Object value, int maxLength, MapperWrite mapper) {
		Object simple = JsonValues.simple(value);
		if (simple != null || value == null) {
			return simple;
		}
		BoundedBuffer buffer = new BoundedBuffer(maxLength);
		try {
			mapper.writeTo(buffer);
		}
		catch (Throwable ex) {
			Failures.containable(ex);
			if (!buffer.full) {
				return value.getClass().getName();
			}
		}
		return JsonValueReader.read(buffer.chars, buffer.length, buffer.full);
	}

	/**
	 * One value written by a mapper of some Jackson generation.
	 */
	@FunctionalInterface
	interface MapperWrite {

		void writeTo(Writer out) throws Exception;

	}

	/**
	 * Holds at most {@code capacity} characters; the write that would go past it fills
	 * the buffer up and stops the mapper (the mapper's own exception, or this one, ends
	 * the serialization: {@link #full} says which).
	 */
	static final class BoundedBuffer extends Writer {

		private final int capacity;

		char[] chars;

		int length;

		boolean full;

		BoundedBuffer(int capacity) {
			this.capacity = capacity;
			this.chars = new char[Math.min(capacity, 128)];
		}

		@Override
		public void write(char[] source, int offset, int count) {
			if (this.full) {
				throw new BoundReachedException();
			}
			int room = this.capacity - this.length;
			int taken = Math.min(room, count);
			if (this.length + taken > this.chars.length) {
				this.chars = Arrays.copyOf(this.chars,
						(int) Math.min(this.capacity, Math.max(this.length + (long) taken, this.chars.length * 2L)));
			}
			System.arraycopy(source, offset, this.chars, this.length, taken);
			this.length += taken;
			if (taken < count) {
				this.full = true;
				throw new BoundReachedException();
			}
		}

		@Override
		public void write(String source, int offset, int count) {
			char[] chars = new char[Math.min(count, this.capacity - this.length + 1)];
			source.getChars(offset, offset + chars.length, chars, 0);
			write(chars, 0, chars.length);
			if (chars.length < count && !this.full) {
				this.full = true;
				throw new BoundReachedException();
			}
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	}

	/**
	 * Stops the mapper at the bound; no stack trace, it is expected.
	 */
	static final class BoundReachedException extends RuntimeException {

		BoundReachedException() {
			super("bound reached", null, false, false);
		}

	}

}
