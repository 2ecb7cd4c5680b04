package dev.braintrust.spring.boot.integration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class VersionRangeTests {

	@Test
	void halfOpenRangeIncludesLowerBoundAndExcludesUpperBound() {
		VersionRange range = VersionRange.parse("[4.0.0,5.0.0)");
		assertThat(range.contains("4.0.0")).isTrue();
		assertThat(range.contains("4.101.0")).isTrue();
		assertThat(range.contains("3.99.9")).isFalse();
		assertThat(range.contains("5.0.0")).isFalse();
		assertThat(range.contains("5.0.0-beta.1")).isTrue();
	}

	@Test
	void versionsCompareNumericallyNotAlphabetically() {
		assertThat(VersionRange.compare("4.101.0", "4.99.0")).isPositive();
		assertThat(VersionRange.compare("2.0", "2.0.0")).isZero();
		assertThat(VersionRange.compare("2.0.0-RC1", "2.0.0")).isNegative();
		assertThat(VersionRange.compare("2.0.0.Final", "2.0.0")).isZero();
	}

	@Test
	void openUpperBoundAcceptsAnyNewerVersion() {
		VersionRange range = VersionRange.parse("[2.0.0,)");
		assertThat(range.contains("99.0.0")).isTrue();
		assertThat(range.contains("1.9.9")).isFalse();
	}

	@Test
	void exclusiveLowerAndInclusiveUpperBoundsAreHonoured() {
		VersionRange range = VersionRange.parse("(1.0.0,2.0.0]");
		assertThat(range.contains("1.0.0")).isFalse();
		assertThat(range.contains("2.0.0")).isTrue();
		assertThat(range).hasToString("(1.0.0,2.0.0]");
	}

	@Test
	void malformedRangesAreRejectedWithTheirText() {
		assertThatIllegalArgumentException().isThrownBy(() -> VersionRange.parse("4.0.0"))
			.withMessageContaining("'4.0.0'");
		assertThatIllegalArgumentException().isThrownBy(() -> VersionRange.parse("[5.0.0,4.0.0)"))
			.withMessageContaining("lower bound above upper bound");
		assertThatIllegalArgumentException().isThrownBy(() -> VersionRange.parse("[a,b)"));
	}

}
