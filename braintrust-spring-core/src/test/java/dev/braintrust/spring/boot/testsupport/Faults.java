package dev.braintrust.spring.boot.testsupport;

import java.util.List;

import org.mockito.stubbing.Answer;

import static org.mockito.Mockito.mock;

/**
 * The faults the fault-injection tests throw from inside the instrumentation: a
 * {@link NoSuchMethodError}, as a library version the integration does not know gives,
 * and a {@link RuntimeException}, as a bug does.
 */
public final class Faults {

	private Faults() {
	}

	/**
	 * A linkage error and a runtime exception.
	 * @param missingMethod the method the linkage error names
	 * @return the two faults
	 */
	public static List<Throwable> linkageErrorAndBug(String missingMethod) {
		return List.of(new NoSuchMethodError(missingMethod), new IllegalStateException("a bug in a mapping"));
	}

	/**
	 * An object of a library whose every method throws the fault.
	 * @param <T> the type
	 * @param type the library type (a final class too: Mockito's inline mock maker)
	 * @param fault what every method throws
	 * @return the object
	 */
	public static <T> T faulty(Class<T> type, Throwable fault) {
		Answer<Object> throwing = (invocation) -> {
			throw fault;
		};
		return mock(type, throwing);
	}

}
