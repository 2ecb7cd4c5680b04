package dev.braintrust.spring.boot.trace;

import org.jspecify.annotations.Nullable;

/**
 * A tool offered to the model, written to {@code braintrust.metadata.tools} in OpenAI
 * shape
 * ({@code {"type":"function","function":{"name":...,"description":...,"parameters":{...}}}}).
 *
 * @param name the tool name
 * @param description the tool description
 * @param parameters the JSON schema of the parameters, as a JSON string; embedded as JSON
 * when it parses, as a string otherwise
 */
public record ToolDefinition(String name, @Nullable String description, @Nullable String parameters) {

}
