package dev.braintrust.spring.boot.integrations.openai;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.PropertyWriter;
import com.fasterxml.jackson.databind.ser.std.BeanSerializerBase;
import com.openai.core.JsonField;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartRefusal;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCustomTool;
import com.openai.models.chat.completions.ChatCompletionDeveloperMessageParam;
import com.openai.models.chat.completions.ChatCompletionFunctionMessageParam;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageCustomToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageParam;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionSystemMessageParam;
import com.openai.models.chat.completions.ChatCompletionTool;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.ChatCompletionUserMessageParam;
import com.openai.models.completions.CompletionUsage;
import dev.braintrust.spring.boot.trace.ChatMessage;
import dev.braintrust.spring.boot.trace.ContentPart;
import dev.braintrust.spring.boot.trace.TokenUsage;
import dev.braintrust.spring.boot.trace.ToolCall;
import dev.braintrust.spring.boot.trace.ToolDefinition;
import org.jspecify.annotations.Nullable;

/**
 * Reads the SDK's objects through their typed accessors, which the SDK has already
 * parsed, giving exactly what {@link OpenAiJson} reads from their wire JSON. Only
 * accessors present in every supported 4.x version are used. Whatever these readers do
 * not know (a union variant they do not handle, additional properties, a required field
 * missing) throws {@link Unsupported} or the SDK's own exception (or a linkage error,
 * should an accessor be missing from the SDK version in use): callers then read the
 * object through its wire JSON instead.
 */
final class OpenAiTyped {

	private OpenAiTyped() {
	}

	/**
	 * A reader of the request parameters of request bodies, as
	 * {@link OpenAiJson#parameters} reads them from their wire JSON: the properties the
	 * SDK's mapper writes, but the excluded ones, in its order and under their wire
	 * names, read through the body's own getters; only the values that are not plain
	 * (objects, unions, lists) are converted to JSON, one by one.
	 * @param excluded the wire names that are not parameters
	 * @return the reader
	 */
	static ParameterReader parameterReader(Set<String> excluded) {
		return new ParameterReader(excluded);
	}

	/**
	 * See {@link #parameterReader(Set)}. The properties to read are found once per body
	 * class.
	 */
	static final class ParameterReader {

		private final ClassValue<Property @Nullable []> properties;

		private ParameterReader(Set<String> excluded) {
			this.properties = new ClassValue<>() {

				@Override
				protected Property @Nullable [] computeValue(Class<?> type) {
					List<BeanPropertyWriter> all = properties(type);
					return (all != null) ? all.stream()
						.filter((property) -> !excluded.contains(property.getName()))
						.map(Property::of)
						.toArray(Property[]::new) : null;
				}

			};
		}

		/**
		 * The parameters of a body.
		 * @param body the request body
		 * @param additionalProperties its additional properties (none are known)
		 * @return the parameters by wire name
		 */
		Map<String, Object> read(Object body, Map<String, JsonValue> additionalProperties) {
			Property[] properties = this.properties.get(body.getClass());
			if (properties == null || !additionalProperties.isEmpty()) {
				throw new Unsupported();
			}
			Map<String, Object> parameters = new LinkedHashMap<>();
			for (Property property : properties) {
				Object value = property.get(body);
				Object converted = (value instanceof JsonField<?> field) ? value(field) : OpenAiJson.value(tree(value));
				if (converted != null) {
					parameters.put(property.name, converted);
				}
			}
			return parameters;
		}

	}

	/**
	 * A property of a request body, read through a method handle on its public getter
	 * rather than the property writer's reflective call (36 properties per chat request:
	 * its mapping went from 382 to 324 ns), or through the writer when the getter is not
	 * public.
	 */
	private static final class Property {

		private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);

		private final String name;

		private final BeanPropertyWriter writer;

		private final @Nullable MethodHandle getter;

		private Property(BeanPropertyWriter writer, @Nullable MethodHandle getter) {
			this.name = writer.getName();
			this.writer = writer;
			this.getter = getter;
		}

		static Property of(BeanPropertyWriter writer) {
			MethodHandle getter = null;
			if (writer.getMember().getMember() instanceof Method method && Modifier.isPublic(method.getModifiers())
					&& Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
				try {
					getter = MethodHandles.publicLookup().unreflect(method).asType(GETTER);
				}
				catch (IllegalAccessException | RuntimeException ex) {
					getter = null;
				}
			}
			return new Property(writer, getter);
		}

		@Nullable Object get(Object body) {
			try {
				return (this.getter != null) ? (Object) this.getter.invokeExact(body) : this.writer.get(body);
			}
			catch (Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new Unsupported();
			}
		}

	}

	private static @Nullable Object value(JsonField<?> field) {
		if (field.isMissing() || field.isNull()) {
			return null;
		}
		Object known = field.asKnown().orElse(null);
		if (known instanceof String || known instanceof Boolean || known instanceof Long || known instanceof Double) {
			return known;
		}
		if (known instanceof Integer number) {
			return number.longValue();
		}
		return OpenAiJson.value(tree((known != null) ? known : field));
	}

	private static com.fasterxml.jackson.databind.JsonNode tree(@Nullable Object value) {
		return OpenAiJson.tree(value);
	}

	private static @Nullable List<BeanPropertyWriter> properties(Class<?> type) {
		try {
			JsonSerializer<Object> serializer = ObjectMappers.jsonMapper()
				.getSerializerProviderInstance()
				.findValueSerializer(type);
			if (!(serializer instanceof BeanSerializerBase bean) || serializer.getClass() != bean.getClass()
					|| bean.usesObjectId()) {
				return null;
			}
			List<BeanPropertyWriter> writers = new ArrayList<>();
			for (Iterator<PropertyWriter> properties = bean.properties(); properties.hasNext();) {
				if (!(properties.next() instanceof BeanPropertyWriter writer)) {
					return null;
				}
				if (writer.getAnnotation(JsonAnyGetter.class) == null) {
					writers.add(writer);
				}
			}
			return List.copyOf(writers);
		}
		catch (Exception ex) {
			return null;
		}
	}

	/**
	 * A request message, whatever its role.
	 */
	static ChatMessage message(ChatCompletionMessageParam message) {
		if (message.isUser()) {
			ChatCompletionUserMessageParam user = message.asUser();
			known(user._additionalProperties());
			ChatCompletionUserMessageParam.Content content = user.content();
			List<ContentPart> parts = List.of();
			if (!content.isText()) {
				List<ChatCompletionContentPart> array = content.arrayOfContentParts().orElseThrow(Unsupported::new);
				parts = new ArrayList<>(array.size());
				for (ChatCompletionContentPart part : array) {
					parts.add(part(part));
				}
			}
			return new ChatMessage(role(user._role()), content.text().orElse(null), parts, List.of(), null,
					user.name().orElse(null));
		}
		if (message.isSystem()) {
			ChatCompletionSystemMessageParam system = message.asSystem();
			known(system._additionalProperties());
			ChatCompletionSystemMessageParam.Content content = system.content();
			return new ChatMessage(role(system._role()), content.text().orElse(null),
					textParts(content.isText() ? null : content.arrayOfContentParts()), List.of(), null,
					system.name().orElse(null));
		}
		if (message.isDeveloper()) {
			ChatCompletionDeveloperMessageParam developer = message.asDeveloper();
			known(developer._additionalProperties());
			ChatCompletionDeveloperMessageParam.Content content = developer.content();
			return new ChatMessage(role(developer._role()), content.text().orElse(null),
					textParts(content.isText() ? null : content.arrayOfContentParts()), List.of(), null,
					developer.name().orElse(null));
		}
		if (message.isAssistant()) {
			return assistant(message.asAssistant());
		}
		if (message.isTool()) {
			ChatCompletionToolMessageParam tool = message.asTool();
			known(tool._additionalProperties());
			ChatCompletionToolMessageParam.Content content = tool.content();
			return new ChatMessage(role(tool._role()), content.text().orElse(null),
					textParts(content.isText() ? null : content.arrayOfContentParts()), List.of(), tool.toolCallId(),
					null);
		}
		if (message.isFunction()) {
			ChatCompletionFunctionMessageParam function = message.asFunction();
			known(function._additionalProperties());
			return new ChatMessage(role(function._role()), function.content().orElse(null), List.of(), List.of(), null,
					function.name());
		}
		throw new Unsupported();
	}

	private static ChatMessage assistant(ChatCompletionAssistantMessageParam assistant) {
		known(assistant._additionalProperties());
		String text = null;
		List<ContentPart> parts = List.of();
		Optional<ChatCompletionAssistantMessageParam.Content> content = assistant.content();
		if (content.isPresent()) {
			if (content.get().isText()) {
				text = content.get().asText();
			}
			else {
				List<ChatCompletionAssistantMessageParam.Content.ChatCompletionRequestAssistantMessageContentPart> array = content
					.get()
					.arrayOfContentParts()
					.orElseThrow(Unsupported::new);
				parts = new ArrayList<>(array.size());
				for (ChatCompletionAssistantMessageParam.Content.ChatCompletionRequestAssistantMessageContentPart part : array) {
					if (part.isText()) {
						parts.add(textPart(part.asText()));
					}
					else if (part.isRefusal()) {
						ChatCompletionContentPartRefusal refusal = part.asRefusal();
						known(refusal._additionalProperties());
						parts.add(new ContentPart(type(refusal._type(), "refusal"), refusal.refusal(), null));
					}
					else {
						throw new Unsupported();
					}
				}
			}
		}
		List<ToolCall> toolCalls = toolCalls(assistant.toolCalls());
		Optional<ChatCompletionAssistantMessageParam.FunctionCall> functionCall = assistant.functionCall();
		if (functionCall.isPresent()) {
			known(functionCall.get()._additionalProperties());
			toolCalls = new ArrayList<>(toolCalls);
			toolCalls.add(OpenAiJson.toolCall(null, functionCall.get().name(), functionCall.get().arguments()));
		}
		return new ChatMessage(role(assistant._role()), text, parts, toolCalls, null, assistant.name().orElse(null));
	}

	/**
	 * The message of a completion's choice.
	 */
	static ChatMessage message(ChatCompletionMessage message) {
		known(message._additionalProperties());
		List<ToolCall> toolCalls = toolCalls(message.toolCalls());
		Optional<ChatCompletionMessage.FunctionCall> functionCall = message.functionCall();
		if (functionCall.isPresent()) {
			known(functionCall.get()._additionalProperties());
			toolCalls = new ArrayList<>(toolCalls);
			toolCalls.add(OpenAiJson.toolCall(null, functionCall.get().name(), functionCall.get().arguments()));
		}
		return new ChatMessage(role(message._role()), message.content().orElse(null), List.of(), toolCalls, null, null);
	}

	private static List<ToolCall> toolCalls(Optional<List<ChatCompletionMessageToolCall>> calls) {
		if (calls.isEmpty() || calls.get().isEmpty()) {
			return List.of();
		}
		List<ToolCall> toolCalls = new ArrayList<>(calls.get().size());
		for (ChatCompletionMessageToolCall call : calls.get()) {
			if (call.isFunction()) {
				ChatCompletionMessageFunctionToolCall function = call.asFunction();
				known(function._additionalProperties());
				ChatCompletionMessageFunctionToolCall.Function definition = function.function();
				known(definition._additionalProperties());
				toolCalls.add(OpenAiJson.toolCall(function.id(), definition.name(), definition.arguments()));
			}
			else if (call.isCustom()) {
				ChatCompletionMessageCustomToolCall custom = call.asCustom();
				known(custom._additionalProperties());
				ChatCompletionMessageCustomToolCall.Custom definition = custom.custom();
				known(definition._additionalProperties());
				toolCalls.add(OpenAiJson.toolCall(custom.id(), definition.name(), definition.input()));
			}
			else {
				throw new Unsupported();
			}
		}
		return toolCalls;
	}

	private static ContentPart part(ChatCompletionContentPart part) {
		if (part.isText()) {
			return textPart(part.asText());
		}
		if (part.isImageUrl()) {
			var image = part.asImageUrl();
			known(image._additionalProperties());
			type(image._type(), "image_url");
			return ContentPart.imageUrl(image.imageUrl().url());
		}
		if (part.isInputAudio()) {
			var audio = part.asInputAudio();
			return new ContentPart(type(audio._type(), "input_audio"), null, null);
		}
		if (part.isFile()) {
			ChatCompletionContentPart.File file = part.asFile();
			known(file._additionalProperties());
			ChatCompletionContentPart.File.FileObject object = file.file();
			return new ContentPart(type(file._type(), "file"), object.filename().orElse(null),
					object.fileId().orElse(null));
		}
		throw new Unsupported();
	}

	private static List<ContentPart> textParts(Optional<List<ChatCompletionContentPartText>> array) {
		if (array == null) {
			return List.of();
		}
		List<ChatCompletionContentPartText> texts = array.orElseThrow(Unsupported::new);
		List<ContentPart> parts = new ArrayList<>(texts.size());
		for (ChatCompletionContentPartText text : texts) {
			parts.add(textPart(text));
		}
		return parts;
	}

	private static ContentPart textPart(ChatCompletionContentPartText text) {
		known(text._additionalProperties());
		type(text._type(), "text");
		return ContentPart.text(text.text());
	}

	/**
	 * The tools of a request, as {@link OpenAiJson#tools} reads them.
	 */
	static List<ToolDefinition> tools(Optional<List<ChatCompletionTool>> tools) {
		if (tools.isEmpty()) {
			return List.of();
		}
		List<ToolDefinition> definitions = new ArrayList<>(tools.get().size());
		for (ChatCompletionTool tool : tools.get()) {
			if (tool.isFunction()) {
				var function = tool.asFunction();
				known(function._additionalProperties());
				FunctionDefinition definition = function.function();
				known(definition._additionalProperties());
				Optional<FunctionParameters> parameters = definition.parameters();
				definitions.add(new ToolDefinition(definition.name(), definition.description().orElse(null),
						parameters.map((schema) -> tree(schema).toString()).orElse(null)));
			}
			else if (tool.isCustom()) {
				ChatCompletionCustomTool custom = tool.asCustom();
				known(custom._additionalProperties());
				ChatCompletionCustomTool.Custom definition = custom.custom();
				known(definition._additionalProperties());
				definitions.add(new ToolDefinition(definition.name(), definition.description().orElse(null), null));
			}
			else {
				throw new Unsupported();
			}
		}
		return definitions;
	}

	static TokenUsage usage(CompletionUsage usage) {
		return new TokenUsage(usage.promptTokens(), usage.completionTokens(), usage.totalTokens(),
				usage.promptTokensDetails().flatMap(CompletionUsage.PromptTokensDetails::cachedTokens).orElse(null),
				null,
				usage.completionTokensDetails()
					.flatMap(CompletionUsage.CompletionTokensDetails::reasoningTokens)
					.orElse(null),
				Map.of());
	}

	private static String role(JsonValue role) {
		if (!(role.asString().orElse(null) instanceof String text)) {
			throw new Unsupported();
		}
		return text;
	}

	private static String type(JsonValue type, String expected) {
		if (!expected.equals(type.asString().orElse(null))) { // a JsonValue's Optional is
																// raw
			throw new Unsupported();
		}
		return expected;
	}

	private static void known(Map<String, JsonValue> additionalProperties) {
		if (!additionalProperties.isEmpty()) {
			throw new Unsupported();
		}
	}

	/**
	 * Thrown when the typed accessors meet something these readers do not know: the
	 * object is then read through its wire JSON.
	 */
	static final class Unsupported extends RuntimeException {

		Unsupported() {
			super(null, null, false, false);
		}

	}

}
