package dev.braintrust.spring.boot.integration;

import org.springframework.context.ApplicationEvent;

/**
 * Base class of the events the {@link IntegrationRegistry} publishes.
 */
public abstract class IntegrationEvent extends ApplicationEvent {

	private final String integrationName;

	IntegrationEvent(IntegrationRegistry source, String integrationName) {
		super(source);
		this.integrationName = integrationName;
	}

	/**
	 * Name of the integration the event is about.
	 * @return the integration name
	 */
	public String getIntegrationName() {
		return this.integrationName;
	}

	/**
	 * Published once per integration when the registry registers it.
	 */
	public static final class Registered extends IntegrationEvent {

		private final IntegrationStatus status;

		Registered(IntegrationRegistry source, String integrationName, IntegrationStatus status) {
			super(source, integrationName);
			this.status = status;
		}

		/**
		 * Status of the integration when it was registered.
		 * @return the status
		 */
		public IntegrationStatus getStatus() {
			return this.status;
		}

	}

	/**
	 * Published when an integration wrapped a bean.
	 */
	public static final class BeanPatched extends IntegrationEvent {

		private final PatchedBean bean;

		BeanPatched(IntegrationRegistry source, String integrationName, PatchedBean bean) {
			super(source, integrationName);
			this.bean = bean;
		}

		/**
		 * The wrapped bean.
		 * @return the bean name and type
		 */
		public PatchedBean getBean() {
			return this.bean;
		}

	}

	/**
	 * Published when an integration failed to instrument a bean or to load.
	 */
	public static final class Failed extends IntegrationEvent {

		private final String reason;

		Failed(IntegrationRegistry source, String integrationName, String reason) {
			super(source, integrationName);
			this.reason = reason;
		}

		/**
		 * Why it failed.
		 * @return the reason
		 */
		public String getReason() {
			return this.reason;
		}

	}

}
