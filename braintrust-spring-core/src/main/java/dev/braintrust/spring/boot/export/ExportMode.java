package dev.braintrust.spring.boot.export;

/**
 * Where the starter sends LLM spans.
 */
public enum ExportMode {

	/**
	 * An API key is configured: spans are exported to Braintrust over OTLP.
	 */
	BRAINTRUST("braintrust"),

	/**
	 * No API key: nothing leaves the process, LLM spans are logged.
	 */
	LOCAL("local");

	private final String value;

	ExportMode(String value) {
		this.value = value;
	}

	/**
	 * The lower-case name shown by the health indicator and the actuator endpoint.
	 * @return {@code braintrust} or {@code local}
	 */
	public String value() {
		return this.value;
	}

}
