package dev.braintrust.spring.boot.trace;

import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.jspecify.annotations.Nullable;

/**
 * {@link JsonValues} written by a Jackson 2 {@link ObjectMapper} (the application's, on
 * Spring Boot 3), bounded as {@link JacksonJsonValues} writes them with Jackson 3.
 */
public final class Jackson2JsonValues implements JsonValues {

	private final ObjectMapper mapper;

	/**
	 * Creates values written by a mapper.
	 * @param mapper the mapper
	 */
	public Jackson2JsonValues(ObjectMapper mapper) {
		this.mapper = Objects.requireNonNull(mapper, "mapper");
	}

	@Override
	public @Nullable Object toJson(@Nullable Object value, int maxLength) {
		return JacksonJsonValues.write(value, maxLength, (out) -> this.mapper.writeValue(out, value));
	}

}
