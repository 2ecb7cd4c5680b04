package dev.braintrust.spring.boot.integration;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * An {@link Integration} declared with {@link Integration#builder(String, int)}: the
 * library it instruments and its patchers, as values.
 */
public final class IntegrationDeclaration implements Integration {

	private final String name;

	private final int contractVersion;

	private final String displayName;

	private final String coordinates;

	private final List<String> markerClassNames;

	private final VersionRange supportedVersions;

	private final @Nullable String testedVersion;

	private final Supplier<List<Patcher>> patchers;

	private IntegrationDeclaration(Builder builder) {
		this.name = builder.name;
		this.contractVersion = builder.contractVersion;
		this.displayName = Objects.requireNonNull(builder.displayName, "displayName");
		this.coordinates = Objects.requireNonNull(builder.coordinates, "coordinates");
		this.markerClassNames = builder.markerClassNames;
		this.supportedVersions = Objects.requireNonNull(builder.supportedVersions, "supportedVersions");
		this.testedVersion = builder.testedVersion;
		this.patchers = Objects.requireNonNull(builder.patchers, "patchers");
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String displayName() {
		return this.displayName;
	}

	@Override
	public String coordinates() {
		return this.coordinates;
	}

	@Override
	public List<String> markerClassNames() {
		return this.markerClassNames;
	}

	@Override
	public VersionRange supportedVersions() {
		return this.supportedVersions;
	}

	@Override
	public @Nullable String testedVersion() {
		return this.testedVersion;
	}

	@Override
	public List<Patcher> patchers() {
		return this.patchers.get();
	}

	@Override
	public int contractVersion() {
		return this.contractVersion;
	}

	@Override
	public String toString() {
		return "Integration '" + this.name + "' (" + this.coordinates + ")";
	}

	/**
	 * Builder of an {@link IntegrationDeclaration}.
	 */
	public static final class Builder {

		private final String name;

		private final int contractVersion;

		private @Nullable String displayName;

		private @Nullable String coordinates;

		private List<String> markerClassNames = List.of();

		private @Nullable VersionRange supportedVersions;

		private @Nullable String testedVersion;

		private @Nullable Supplier<List<Patcher>> patchers;

		Builder(String name, int contractVersion) {
			this.name = Objects.requireNonNull(name, "name");
			this.contractVersion = contractVersion;
		}

		/**
		 * The human readable name.
		 * @param displayName the name, for example {@code OpenAI Java SDK}
		 * @return this builder
		 */
		public Builder displayName(String displayName) {
			this.displayName = displayName;
			return this;
		}

		/**
		 * The instrumented library.
		 * @param coordinates its Maven coordinates, {@code groupId:artifactId}
		 * @param markerClassNames classes whose presence means the library is available
		 * @return this builder
		 */
		public Builder library(String coordinates, String... markerClassNames) {
			this.coordinates = coordinates;
			this.markerClassNames = List.of(markerClassNames);
			return this;
		}

		/**
		 * The library versions the integration supports, and the newest it was tested
		 * with.
		 * @param range the supported range, such as {@code [4.0.0,5.0.0)}
		 * @param testedVersion the newest tested version
		 * @return this builder
		 */
		public Builder versions(String range, String testedVersion) {
			this.supportedVersions = VersionRange.parse(range);
			this.testedVersion = testedVersion;
			return this;
		}

		/**
		 * The patchers, created only once the library is known to be available (they may
		 * reference its classes).
		 * @param patchers creates the patchers, in order of preference
		 * @return this builder
		 */
		public Builder patchers(Supplier<List<Patcher>> patchers) {
			this.patchers = patchers;
			return this;
		}

		/**
		 * Build the integration.
		 * @return the integration
		 */
		public Integration build() {
			return new IntegrationDeclaration(this);
		}

	}

}
