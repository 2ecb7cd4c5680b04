package dev.braintrust.spring.boot.integration;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanCurrentlyInCreationException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Wraps every bean that one of the registered integrations instruments. Ordered last, so
 * that it sees beans after every other post-processor (and wraps the proxies those may
 * have made).
 * <p>
 * The registry is looked up on first use, so declaring this post-processor initialises
 * nothing early. Beans created while the registry itself is being created (its own
 * dependencies) are left as they are.
 */
public final class IntegrationPatchingPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<IntegrationRegistry> registry;

	private final ThreadLocal<Boolean> resolving = new ThreadLocal<>();

	private volatile @Nullable IntegrationRegistry resolved;

	/**
	 * Creates the post-processor.
	 * @param registry the registry, resolved lazily
	 */
	public IntegrationPatchingPostProcessor(ObjectProvider<IntegrationRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof IntegrationRegistry || bean instanceof Integration
				|| bean instanceof BraintrustInstrumented) {
			return bean;
		}
		IntegrationRegistry registry = registry();
		return (registry != null) ? registry.patch(bean, beanName) : bean;
	}

	private @Nullable IntegrationRegistry registry() {
		IntegrationRegistry registry = this.resolved;
		if (registry != null || this.resolving.get() != null) {
			return registry;
		}
		this.resolving.set(Boolean.TRUE);
		try {
			registry = this.registry.getIfAvailable();
			this.resolved = registry;
			return registry;
		}
		catch (BeansException ex) {
			if (ex.contains(BeanCurrentlyInCreationException.class)) {
				return null;
			}
			throw ex;
		}
		finally {
			this.resolving.remove();
		}
	}

}
