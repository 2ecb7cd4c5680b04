package dev.braintrust.spring.boot.integrations.openai;

import java.lang.reflect.Field;

import com.openai.core.ClientOptions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The one place where the integration reads what the SDK does not expose: the
 * {@link ClientOptions} of a client or service implementation (its base URL gives
 * {@code server.address} and tells an Azure OpenAI host). No public method returns them;
 * every generated client and service implementation holds them in a field, found once per
 * class. {@code OpenAiClientOptionsTests} fails, naming the SDK version, when a version
 * stops doing so.
 */
final class OpenAiClientOptions {

	private static final Log logger = LogFactory.getLog(OpenAiClientOptions.class);

	private static final ClassValue<@Nullable Field> fields = new ClassValue<>() {

		@Override
		protected @Nullable Field computeValue(Class<?> type) {
			for (Class<?> current = type; current != null
					&& current != Object.class; current = current.getSuperclass()) {
				for (Field field : current.getDeclaredFields()) {
					if (field.getType() == ClientOptions.class && field.trySetAccessible()) {
						return field;
					}
				}
			}
			return null;
		}

	};

	private OpenAiClientOptions() {
	}

	/**
	 * The options of an SDK client or service implementation.
	 * @param implementation the implementation (the target of a proxy)
	 * @return its options, or null when they cannot be read
	 */
	static @Nullable ClientOptions of(Object implementation) {
		Field field = fields.get(implementation.getClass());
		if (field == null) {
			return null;
		}
		try {
			return (ClientOptions) field.get(implementation);
		}
		catch (IllegalAccessException | RuntimeException ex) {
			logger.debug("Cannot read the options of " + implementation.getClass().getName(), ex);
			return null;
		}
	}

}
