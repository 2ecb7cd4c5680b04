package dev.braintrust.spring.boot.integration;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A range of library versions in Maven notation: {@code [4.0.0,5.0.0)} includes 4.0.0 and
 * excludes 5.0.0, {@code [2.0.0,)} has no upper bound. Versions compare by their numeric
 * components; a qualifier ({@code -beta.1}) sorts before the release it qualifies.
 */
public final class VersionRange {

	private final String text;

	private final @Nullable Version lower;

	private final boolean lowerInclusive;

	private final @Nullable Version upper;

	private final boolean upperInclusive;

	private VersionRange(String text, @Nullable Version lower, boolean lowerInclusive, @Nullable Version upper,
			boolean upperInclusive) {
		this.text = text;
		this.lower = lower;
		this.lowerInclusive = lowerInclusive;
		this.upper = upper;
		this.upperInclusive = upperInclusive;
	}

	/**
	 * Parses a range such as {@code [4.0.0,5.0.0)}.
	 * @param range the range in Maven notation
	 * @return the range
	 * @throws IllegalArgumentException if the text is not a range
	 */
	public static VersionRange parse(String range) {
		String text = range.strip();
		Assert.isTrue(text.length() >= 3, () -> "Invalid version range '" + range + "'");
		char open = text.charAt(0);
		char close = text.charAt(text.length() - 1);
		Assert.isTrue((open == '[' || open == '(') && (close == ']' || close == ')'),
				() -> "Invalid version range '" + range + "': expected a form such as [1.0.0,2.0.0)");
		String[] bounds = text.substring(1, text.length() - 1).split(",", -1);
		Assert.isTrue(bounds.length == 2, () -> "Invalid version range '" + range + "': expected two bounds");
		Version lower = bounds[0].isBlank() ? null : Version.parse(bounds[0].strip());
		Version upper = bounds[1].isBlank() ? null : Version.parse(bounds[1].strip());
		Assert.isTrue(lower == null || upper == null || lower.compareTo(upper) <= 0,
				() -> "Invalid version range '" + range + "': lower bound above upper bound");
		return new VersionRange(text, lower, open == '[', upper, close == ']');
	}

	/**
	 * Whether a version lies inside this range.
	 * @param version the version
	 * @return whether it is inside
	 */
	public boolean contains(String version) {
		Version candidate = Version.parse(version);
		if (this.lower != null) {
			int comparison = candidate.compareTo(this.lower);
			if (comparison < 0 || (comparison == 0 && !this.lowerInclusive)) {
				return false;
			}
		}
		if (this.upper != null) {
			int comparison = candidate.compareTo(this.upper);
			return comparison < 0 || (comparison == 0 && this.upperInclusive);
		}
		return true;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof VersionRange that && this.text.equals(that.text);
	}

	@Override
	public int hashCode() {
		return this.text.hashCode();
	}

	@Override
	public String toString() {
		return this.text;
	}

	/**
	 * Compares two versions the way ranges do.
	 * @param left a version
	 * @param right another version
	 * @return a negative number, zero, or a positive number as {@code left} is older,
	 * equal or newer
	 */
	public static int compare(String left, String right) {
		return Version.parse(left).compareTo(Version.parse(right));
	}

	private record Version(int[] numbers, String qualifier) implements Comparable<Version> {

		static Version parse(String text) {
			int separator = indexOfAny(text, '-', '+');
			String numeric = (separator >= 0) ? text.substring(0, separator) : text;
			String qualifier = (separator >= 0) ? text.substring(separator + 1) : "";
			String[] parts = numeric.split("\\.");
			int count = 0;
			while (count < parts.length && !parts[count].isEmpty()
					&& parts[count].chars().allMatch(Character::isDigit)) {
				count++;
			}
			if (count == 0) {
				throw new IllegalArgumentException("Invalid version '" + text + "'");
			}
			int[] numbers = new int[count];
			for (int i = 0; i < count; i++) {
				numbers[i] = Integer.parseInt(parts[i]);
			}
			if (count < parts.length) {
				// "1.0.0.Final" style: the non-numeric rest is a qualifier.
				String rest = String.join(".", Arrays.copyOfRange(parts, count, parts.length));
				qualifier = qualifier.isEmpty() ? rest : rest + "-" + qualifier;
			}
			boolean release = qualifier.equalsIgnoreCase("final") || qualifier.equalsIgnoreCase("release")
					|| qualifier.equalsIgnoreCase("ga");
			return new Version(numbers, release ? "" : qualifier);
		}

		private static int indexOfAny(String text, char first, char second) {
			for (int i = 0; i < text.length(); i++) {
				if (text.charAt(i) == first || text.charAt(i) == second) {
					return i;
				}
			}
			return -1;
		}

		@Override
		public int compareTo(Version other) {
			int length = Math.max(this.numbers.length, other.numbers.length);
			for (int i = 0; i < length; i++) {
				int left = (i < this.numbers.length) ? this.numbers[i] : 0;
				int right = (i < other.numbers.length) ? other.numbers[i] : 0;
				if (left != right) {
					return Integer.compare(left, right);
				}
			}
			if (this.qualifier.isEmpty() || other.qualifier.isEmpty()) {
				// A release sorts after any of its pre-releases.
				return Boolean.compare(this.qualifier.isEmpty(), other.qualifier.isEmpty());
			}
			return this.qualifier.compareTo(other.qualifier);
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof Version that && Arrays.equals(this.numbers, that.numbers)
					&& this.qualifier.equals(that.qualifier);
		}

		@Override
		public int hashCode() {
			return 31 * Arrays.hashCode(this.numbers) + this.qualifier.hashCode();
		}

		@Override
		public String toString() {
			return Arrays.toString(this.numbers) + this.qualifier;
		}

	}

}
