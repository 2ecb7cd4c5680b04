package dev.braintrust.spring.boot.integration.fakelib;

/**
 * The class whose presence tells the fake integration that its library is available.
 */
public final class FakeLibraryMarker {

	private FakeLibraryMarker() {
	}

}
