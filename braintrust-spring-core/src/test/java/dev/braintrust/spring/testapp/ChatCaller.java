package dev.braintrust.spring.testapp;

/**
 * Application code, outside the starter's packages, that makes a model call: the frame
 * the caller location of a span must point at.
 */
public final class ChatCaller {

	private ChatCaller() {
	}

	public static void askTheModel(Runnable call) {
		call.run(); // the call's line
	}

}
