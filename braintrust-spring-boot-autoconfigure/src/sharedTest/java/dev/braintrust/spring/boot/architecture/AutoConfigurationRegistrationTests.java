package dev.braintrust.spring.boot.architecture;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StreamUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every class listed in {@code AutoConfiguration.imports} exists and is an
 * auto-configuration, and every auto-configuration of the starter is listed.
 */
class AutoConfigurationRegistrationTests {

	private static final String IMPORTS = "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

	@Test
	void everyListedClassIsAnAutoConfiguration() throws IOException {
		for (String className : listed()) {
			assertThat(ClassUtils.isPresent(className, getClass().getClassLoader())).as(className).isTrue();
			Class<?> type = ClassUtils.resolveClassName(className, getClass().getClassLoader());
			assertThat(type.isAnnotationPresent(AutoConfiguration.class)).as(className).isTrue();
		}
	}

	@Test
	void everyAutoConfigurationIsListed() throws IOException {
		// Scanned from class files: a component scanner would skip classes whose
		// conditions do not match here.
		Set<String> declared = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("dev.braintrust.spring.boot")
			.stream()
			.filter((type) -> type.isAnnotatedWith(AutoConfiguration.class))
			.map(JavaClass::getName)
			.collect(Collectors.toSet());
		assertThat(declared).isNotEmpty();
		assertThat(listed()).containsExactlyInAnyOrderElementsOf(declared);
	}

	private List<String> listed() throws IOException {
		String content = StreamUtils.copyToString(new ClassPathResource(IMPORTS).getInputStream(),
				java.nio.charset.StandardCharsets.UTF_8);
		return content.lines().map(String::strip).filter((line) -> !line.isEmpty() && !line.startsWith("#")).toList();
	}

}
