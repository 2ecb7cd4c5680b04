package dev.braintrust.spring.boot.integration;

import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.DefaultPointcutAdvisor;

/**
 * Tells whether an object is already instrumented by the starter, whichever way: a proxy
 * of the starter carries the {@link BraintrustInstrumented} marker; an application's own
 * Spring AOP proxy that the starter's advice joined carries that advice in its chain.
 */
final class Instrumented {

	private Instrumented() {
	}

	/**
	 * Whether the object is a proxy of the starter or an application proxy the starter's
	 * advice already joined.
	 * @param object the object
	 * @return whether it is instrumented
	 */
	static boolean isInstrumented(Object object) {
		if (object instanceof BraintrustInstrumented) {
			return true;
		}
		if (object instanceof Advised advised) {
			for (Advisor advisor : advised.getAdvisors()) {
				if (advisor instanceof StarterAdvisor) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * The advisor that adds the starter's interceptor to an application's own proxy.
	 * @param interceptor the interceptor
	 * @return the advisor, applying to every method
	 */
	static Advisor advisor(MethodInterceptor interceptor) {
		return new StarterAdvisor(interceptor);
	}

	/**
	 * The advisor the starter adds; its own type, so that the starter recognizes it.
	 */
	private static final class StarterAdvisor extends DefaultPointcutAdvisor {

		StarterAdvisor(Advice advice) {
			super(advice);
		}

	}

}
