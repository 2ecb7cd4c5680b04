package dev.braintrust.spring.boot.integration;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An integration carries the contract version of the starter it was compiled against,
 * whichever starter runs it: these tests compile integrations against a copy of
 * {@link Integration} whose {@link Integration#CONTRACT_VERSION} differs from the running
 * one, then run them with the real starter.
 */
class ContractVersionTests {

	private static final Pattern CONTRACT_VERSION = Pattern.compile("int CONTRACT_VERSION = (\\d+);");

	@TempDir
	Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "ImplementedIntegration", "DeclaredIntegration" })
	void integrationCompiledAgainstANewerContractIsRefused(String integrationClass) throws Exception {
		Integration integration = compileAgainstContract(Integration.CONTRACT_VERSION + 1, integrationClass);
		assertThat(integration.contractVersion()).isEqualTo(Integration.CONTRACT_VERSION + 1);
		IntegrationInfo info = register(integration);
		assertThat(info.status()).isEqualTo(IntegrationStatus.INCOMPATIBLE);
		assertThat(info.lastError())
			.contains("requires integration contract version " + (Integration.CONTRACT_VERSION + 1));
	}

	@Test
	void integrationCompiledAgainstTheRunningContractIsAccepted() throws Exception {
		Integration integration = compileAgainstContract(Integration.CONTRACT_VERSION, "DeclaredIntegration");
		assertThat(integration.contractVersion()).isEqualTo(Integration.CONTRACT_VERSION);
		assertThat(register(integration).status()).isEqualTo(IntegrationStatus.ACTIVE);
	}

	private static IntegrationInfo register(Integration integration) {
		IntegrationRegistry registry = new IntegrationRegistry(List.of(integration),
				(name) -> IntegrationSettings.DEFAULTS, ContractVersionTests.class.getClassLoader(), (event) -> {
				});
		return registry.find(integration.name()).orElseThrow();
	}

	/**
	 * Compiles {@code com.example.<name>} against the starter's own {@code Integration}
	 * source with its contract version replaced, and loads it next to the running starter
	 * (whose {@code Integration} it then implements).
	 */
	private Integration compileAgainstContract(int contractVersion, String name) throws Exception {
		Path sources = Files.createDirectories(this.directory.resolve("src"));
		Path classes = Files.createDirectories(this.directory.resolve("classes"));
		String contract = Files
			.readString(Path.of("src/main/java/dev/braintrust/spring/boot/integration/Integration.java"));
		Matcher matcher = CONTRACT_VERSION.matcher(contract);
		assertThat(matcher.find()).as("Integration.java declares CONTRACT_VERSION").isTrue();
		List<Path> files = new ArrayList<>();
		files.add(write(sources, "dev/braintrust/spring/boot/integration/Integration.java",
				matcher.replaceFirst("int CONTRACT_VERSION = " + contractVersion + ";")));
		files.add(write(sources, "com/example/ImplementedIntegration.java", """
				package com.example;

				import java.util.List;

				import dev.braintrust.spring.boot.integration.*;

				public class ImplementedIntegration implements Integration {

					public String name() { return "implemented"; }
					public String displayName() { return "Implemented"; }
					public String coordinates() { return "com.example:implemented"; }
					public List<String> markerClassNames() { return List.of("java.lang.String"); }
					public VersionRange supportedVersions() { return VersionRange.parse("[1.0.0,)"); }
					public List<Patcher> patchers() { return List.of(); }
					public int contractVersion() { return Integration.CONTRACT_VERSION; }

				}
				"""));
		files.add(write(sources, "com/example/DeclaredIntegration.java", """
				package com.example;

				import java.util.List;

				import dev.braintrust.spring.boot.integration.Integration;

				public class DeclaredIntegration {

					public static Integration create() {
						return Integration.builder("declared", Integration.CONTRACT_VERSION)
							.displayName("Declared")
							.library("com.example:declared", "java.lang.String")
							.versions("[1.0.0,)", "1.0.0")
							.patchers(List::of)
							.build();
					}

				}
				"""));
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-classpath",
				System.getProperty("java.class.path"), "-proc:none", "-implicit:none"));
		files.forEach((file) -> arguments.add(file.toString()));
		assertThat(compiler.run(null, null, null, arguments.toArray(String[]::new))).as("javac exit code").isZero();
		ClassLoader loader = new ExampleFirstClassLoader(classes.toUri().toURL(), getClass().getClassLoader());
		Class<?> type = loader.loadClass("com.example." + name);
		assertThat(Integration.class).as("the running starter's Integration")
			.isSameAs(loader.loadClass(Integration.class.getName()));
		return (type.getName().endsWith("DeclaredIntegration")) ? (Integration) type.getMethod("create").invoke(null)
				: (Integration) type.getConstructor().newInstance();
	}

	private static Path write(Path root, String file, String content) throws IOException {
		Path path = root.resolve(file);
		Files.createDirectories(path.getParent());
		return Files.writeString(path, content);
	}

	/**
	 * Loads {@code com.example} classes from the compiled directory and every other class
	 * (the starter's {@code Integration} included) from the running starter.
	 */
	private static final class ExampleFirstClassLoader extends URLClassLoader {

		ExampleFirstClassLoader(URL classes, ClassLoader parent) {
			super(new URL[] { classes }, parent);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (!name.startsWith("com.example.")) {
				return super.loadClass(name, resolve);
			}
			synchronized (getClassLoadingLock(name)) {
				Class<?> loaded = findLoadedClass(name);
				return (loaded != null) ? loaded : findClass(name);
			}
		}

	}

}
