package dev.braintrust.spring.boot.trace;

import org.jspecify.annotations.Nullable;

/**
 * A tool call requested by the model, written in OpenAI chat shape
 * ({@code {"id":"...","type":"function","function":{"name":"...","arguments":"..."}}}).
 *
 * @param id the tool call id, when the provider gives one
 * @param name the tool (function) name
 * @param arguments the arguments as the JSON string the model produced (content: not
 * written when content capture is off)
 */
public record ToolCall(@Nullable String id, String name, @Nullable String arguments) {

}
