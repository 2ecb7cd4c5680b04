package dev.braintrust.spring.boot.architecture;

import java.lang.reflect.Modifier;
import java.util.regex.Pattern;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the architecture of DESIGN.md honest: the core knows no integration, integrations
 * know no other integration, and auto-configurations follow Spring Boot's conventions.
 * Run on the Spring Boot 4 line only: the core and the shared Boot layer it reads are the
 * same on both.
 */
class ArchitectureTests {

	private static final String[] BOOT_LAYER = { "dev.braintrust.spring.boot.autoconfigure..",
			"dev.braintrust.spring.boot.actuate.." };

	private static final String[] API = { "dev.braintrust.spring.boot.trace", "dev.braintrust.spring.boot.integration",
			"dev.braintrust.spring.boot.export", "dev.braintrust.spring.boot.viewer",
			"dev.braintrust.spring.boot.autoconfigure..", "dev.braintrust.spring.boot.actuate" };

	private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar.*");

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		// The core's test support, a test-jar
		.withImportOption((location) -> !location.matches(TEST_JAR))
		.importPackages("dev.braintrust.spring.boot");

	@Test
	void integrationPackagesDoNotDependOnEachOther() {
		slices().matching("dev.braintrust.spring.boot.integrations.(*)..")
			.should()
			.notDependOnEachOther()
			.allowEmptyShould(true)
			.check(classes);
	}

	@Test
	void coreNeverDependsOnAnIntegration() {
		noClasses().that()
			.resideInAnyPackage("dev.braintrust.spring.boot.integration..", "dev.braintrust.spring.boot.trace..",
					"dev.braintrust.spring.boot.export..", "dev.braintrust.spring.boot.viewer..",
					"dev.braintrust.spring.boot.actuate..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.braintrust.spring.boot.integrations..")
			.check(classes);
	}

	@Test
	void integrationFrameworkDoesNotDependOnTracingOrExport() {
		noClasses().that()
			.resideInAPackage("dev.braintrust.spring.boot.integration..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.braintrust.spring.boot.trace..", "dev.braintrust.spring.boot.export..",
					"dev.braintrust.spring.boot.actuate..", "dev.braintrust.spring.boot.autoconfigure..")
			.check(classes);
	}

	/**
	 * The core (tracing, integrations, export) runs on Spring Framework without Spring
	 * Boot, so that each Spring Boot generation gets its own thin Boot layer on it.
	 */
	@Test
	void coreDoesNotDependOnSpringBoot() {
		noClasses().that()
			.resideOutsideOfPackages(BOOT_LAYER)
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework.boot..")
			.check(classes);
	}

	/**
	 * A public type is an API a user may rely on: the tracing API, the integration SPI,
	 * the export (usable without Spring Boot) and the Boot layer's auto-configurations,
	 * properties and endpoint. Everything else is package-private, or public only to be
	 * shared between the starter's packages under an {@code internal} package; the one
	 * public class of a built-in integration is its declaration, which the Boot layer
	 * creates.
	 */
	@Test
	void publicTypesAreTheApiOrInternal() {
		classes().that()
			.arePublic()
			.and()
			.areTopLevelClasses()
			.and()
			.resideOutsideOfPackages(API)
			.should(beInternalOrAnIntegrationDeclaration())
			.check(classes);
	}

	@Test
	void autoConfigurationsArePublicFinal() {
		classes().that()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.bePublic()
			.andShould()
			.haveModifier(com.tngtech.archunit.core.domain.JavaModifier.FINAL)
			.check(classes);
	}

	@Test
	void beanPostProcessorBeanMethodsAreStatic() {
		methods().that()
			.areAnnotatedWith(Bean.class)
			.and(returnBeanPostProcessors())
			.should(beStatic())
			.allowEmptyShould(true)
			.check(classes);
	}

	private static DescribedPredicate<JavaMethod> returnBeanPostProcessors() {
		return DescribedPredicate.describe("return a BeanPostProcessor",
				(method) -> method.getRawReturnType().isAssignableTo(BeanPostProcessor.class));
	}

	private static ArchCondition<JavaClass> beInternalOrAnIntegrationDeclaration() {
		return new ArchCondition<>("reside in an internal package or be a built-in integration's declaration") {
			@Override
			public void check(JavaClass type, ConditionEvents events) {
				boolean internal = type.getPackageName().contains(".internal");
				boolean declaration = type.getPackageName().startsWith("dev.braintrust.spring.boot.integrations.")
						&& type.getSimpleName().endsWith("Integration");
				events.add(new SimpleConditionEvent(type, internal || declaration,
						type.getName() + " is public outside the API and internal packages"));
			}
		};
	}

	private static ArchCondition<JavaMethod> beStatic() {
		return new ArchCondition<>("be static") {
			@Override
			public void check(JavaMethod method, ConditionEvents events) {
				boolean isStatic = Modifier.isStatic(method.reflect().getModifiers());
				events.add(new SimpleConditionEvent(method, isStatic, method.getFullName() + " is not static"));
			}
		};
	}

}
