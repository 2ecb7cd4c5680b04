package dev.braintrust.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration table and the configuration metadata the build generates
 * describe the same properties with the same defaults, so the documentation cannot drift
 * from the code.
 */
class ConfigurationDocumentationTests {

	private static final Pattern INTEGRATION_SETTING = Pattern
		.compile("braintrust\\.integrations\\.[a-z0-9-]+\\.(enabled|capture-content)");

	private static final Pattern ROW = Pattern.compile("^\\| `(braintrust\\.[a-z0-9.<>-]+)` \\|([^|]*)\\|");

	@Test
	void readmeTableListsExactlyTheStartersProperties() throws IOException {
		Map<String, String> documented = readmeTable();
		Map<String, String> declared = metadata();
		assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(declared.keySet());
	}

	@Test
	void readmeDefaultsMatchTheDeclaredDefaults() throws IOException {
		Map<String, String> documented = readmeTable();
		metadata().forEach((name, defaultValue) -> {
			if (!defaultValue.isEmpty()) {
				assertThat(documented.get(name)).as("default of %s in the README", name).isEqualTo(defaultValue);
			}
		});
	}

	private Map<String, String> readmeTable() throws IOException {
		Map<String, String> rows = new LinkedHashMap<>();
		for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
			Matcher matcher = ROW.matcher(line);
			if (matcher.find()) {
				rows.put(matcher.group(1), matcher.group(2).strip().replace("`", ""));
			}
		}
		return rows;
	}

	private Map<String, String> metadata() throws IOException {
		Map<String, String> properties = new LinkedHashMap<>();
		Enumeration<java.net.URL> resources = getClass().getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json");
		List<JsonNode> documents = new ArrayList<>();
		JsonMapper mapper = JsonMapper.builder().build();
		while (resources.hasMoreElements()) {
			try (InputStream in = resources.nextElement().openStream()) {
				documents.add(mapper.readTree(in));
			}
		}
		for (JsonNode document : documents) {
			for (JsonNode property : document.path("properties")) {
				String name = property.path("name").asString();
				if (!name.startsWith("braintrust.")) {
					continue;
				}
				Matcher integration = INTEGRATION_SETTING.matcher(name);
				if (integration.matches()) {
					// Every integration has these two, the README documents them once.
					boolean enabled = integration.group(1).equals("enabled");
					properties.put("braintrust.integrations.<name>." + integration.group(1),
							enabled ? "true" : "braintrust.trace.capture-content");
					continue;
				}
				JsonNode defaultValue = property.path("defaultValue");
				properties.put(name, defaultValue.isMissingNode() ? "" : defaultValue.asString());
			}
		}
		return properties;
	}

}
