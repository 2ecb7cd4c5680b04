package dev.braintrust.spring.boot.integration;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.CodeSource;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Tells the version of a library on the classpath: from its Maven {@code pom.properties},
 * then from the {@code Implementation-Version} of the jar that holds its marker class.
 */
final class LibraryVersions {

	private static final Log logger = LogFactory.getLog(LibraryVersions.class);

	private LibraryVersions() {
	}

	static @Nullable String detect(String coordinates, List<String> markerClassNames, ClassLoader classLoader) {
		String fromPom = fromPomProperties(coordinates, classLoader);
		if (fromPom != null) {
			return fromPom;
		}
		for (String markerClassName : markerClassNames) {
			String fromManifest = fromManifest(markerClassName, classLoader);
			if (fromManifest != null) {
				return fromManifest;
			}
		}
		return null;
	}

	private static @Nullable String fromPomProperties(String coordinates, ClassLoader classLoader) {
		int colon = coordinates.indexOf(':');
		if (colon <= 0) {
			return null;
		}
		String path = "META-INF/maven/" + coordinates.substring(0, colon) + "/" + coordinates.substring(colon + 1)
				+ "/pom.properties";
		try (InputStream in = classLoader.getResourceAsStream(path)) {
			if (in == null) {
				return null;
			}
			Properties properties = new Properties();
			properties.load(in);
			return blankToNull(properties.getProperty("version"));
		}
		catch (IOException ex) {
			logger.debug("Cannot read " + path, ex);
			return null;
		}
	}

	private static @Nullable String fromManifest(String className, ClassLoader classLoader) {
		try {
			Class<?> type = ClassUtils.forName(className, classLoader);
			Package pkg = type.getPackage();
			if (pkg != null && pkg.getImplementationVersion() != null) {
				return blankToNull(pkg.getImplementationVersion());
			}
			CodeSource codeSource = type.getProtectionDomain().getCodeSource();
			URL location = (codeSource != null) ? codeSource.getLocation() : null;
			if (location == null || !"file".equals(location.getProtocol()) || !location.getPath().endsWith(".jar")) {
				return null;
			}
			try (JarFile jar = new JarFile(new java.io.File(location.toURI()))) {
				Manifest manifest = jar.getManifest();
				return (manifest != null) ? blankToNull(manifest.getMainAttributes().getValue("Implementation-Version"))
						: null;
			}
		}
		catch (Exception | LinkageError ex) {
			logger.debug("Cannot read the version of the library of " + className, ex);
			return null;
		}
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
