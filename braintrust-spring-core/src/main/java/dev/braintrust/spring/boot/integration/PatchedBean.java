package dev.braintrust.spring.boot.integration;

/**
 * A bean an integration instruments.
 *
 * @param name the bean name
 * @param type the reported type, usually the library interface
 * @param instrumentation how the bean is instrumented: {@value #PROXY} (a proxy of the
 * starter's wraps it), {@value #EXISTING_PROXY} (the bean already was a Spring AOP proxy,
 * such as a {@code @Transactional} one, and the starter's advice joined it), or the
 * technique the patcher reported when it instruments the bean in place or without a proxy
 * (see {@link Patcher#instrumentInPlace(Object, PatchContext)} and
 * {@link Patcher#withoutProxy(Object)})
 */
public record PatchedBean(String name, String type, String instrumentation) {

	/**
	 * The bean is wrapped in a proxy of the starter.
	 */
	public static final String PROXY = "proxy";

	/**
	 * The bean was already a Spring AOP proxy; the starter's advice was added to it, so
	 * the bean keeps its class and identity.
	 */
	public static final String EXISTING_PROXY = "existing-proxy";

	/**
	 * A bean wrapped in a proxy of the starter.
	 * @param name the bean name
	 * @param type the reported type
	 */
	public PatchedBean(String name, String type) {
		this(name, type, PROXY);
	}

}
