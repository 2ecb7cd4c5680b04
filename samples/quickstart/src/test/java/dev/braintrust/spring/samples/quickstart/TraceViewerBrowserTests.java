package dev.braintrust.spring.samples.quickstart;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The trace viewer in a real browser: Debian's headless Chromium, driven through its
 * chromedriver (both from the system, nothing downloaded), against the quickstart as a
 * new user runs it (offline, local mode). A screenshot of each view is written to
 * {@code target/viewer-screenshots}.
 * <p>
 * Without {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (or the paths the
 * {@code chromium.binary} and {@code chromedriver.path} system properties give) the tests
 * are skipped, unless {@code BRAINTRUST_BROWSER_TESTS=required}, which {@code .ci/run}
 * sets after installing them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.ai.openai.api-key=", "quickstart.anthropic.api-key=", "braintrust.api-key=" })
class TraceViewerBrowserTests {

	static final String MARKUP_PROMPT = "Is this shown as text? <script>alert(1)</script><img src=x onerror=alert(2)>";

	private static final Path SCREENSHOTS = Path.of("target", "viewer-screenshots");

	private static ChromeDriver browser;

	private static Path profile;

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@BeforeAll
	static void startBrowser() throws IOException {
		File chromium = new File(System.getProperty("chromium.binary", "/usr/bin/chromium"));
		File chromedriver = new File(System.getProperty("chromedriver.path", "/usr/bin/chromedriver"));
		boolean present = chromium.canExecute() && chromedriver.canExecute();
		if (!"required".equals(System.getenv("BRAINTRUST_BROWSER_TESTS"))) {
			Assumptions.assumeTrue(present, "Chromium and chromedriver are not installed (Debian: apt-get install "
					+ "chromium chromium-driver); the trace viewer's browser tests are skipped");
		}
		assertThat(present).as("%s and %s are executable", chromium, chromedriver).isTrue();
		profile = Files.createTempDirectory("viewer-chromium-profile");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium);
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1400,900", "--user-data-dir=" + profile);
		// The driver's path is given, so Selenium Manager is never asked to find or fetch
		// one
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
		Files.createDirectories(SCREENSHOTS);
	}

	@AfterAll
	static void stopBrowser() throws IOException {
		if (browser != null) {
			browser.quit();
		}
		if (profile != null) {
			org.springframework.util.FileSystemUtils.deleteRecursively(profile);
		}
	}

	@Test
	void demoTracesAppearInTheListNewestFirst() throws Exception {
		String toolTrace = toolCallingTrace();
		String anthropicTrace = traceWithSpanNamed("anthropic.messages.create");
		DocumentContext api = JsonPath.parse(get("/braintrust/traces/api/traces").body());
		List<String> traceIds = api.read("$.traces[*].traceId");
		List<String> names = api.read("$.traces[*].name");
		open("/braintrust/traces");
		WebDriverWait wait = waitFor();
		wait.until((driver) -> rows().size() >= traceIds.size());
		List<WebElement> rows = rows().subList(rows().size() - traceIds.size(), rows().size());
		assertThat(rows).extracting((row) -> row.getAttribute("data-trace-id"))
			.as("every kept trace, newest first")
			.containsExactlyElementsOf(traceIds)
			.contains(toolTrace, anthropicTrace);
		assertThat(rows).extracting((row) -> row.findElement(By.className("trace-name")).getText())
			.zipSatisfy(names, (shown, name) -> assertThat(shown).contains(name));
		assertThat(rows).allSatisfy((row) -> {
			assertThat(row.findElement(By.className("trace-start")).getText()).isNotBlank();
			assertThat(row.findElement(By.className("trace-duration")).getText()).matches("(<1 ms|\\d+ ms|[\\d.]+ s)");
			assertThat(row.findElement(By.className("trace-tokens")).getText()).matches("\\d+|–");
		});
		screenshot("trace-list.png");
	}

	@Test
	void listUpdatesLiveWhenACallEnds() throws Exception {
		toolCallingTrace();
		open("/braintrust/traces");
		WebDriverWait wait = waitFor();
		int before = traceIds().size();
		wait.until((driver) -> rows().size() == before);
		String question = "What is the capital of France? (asked while the page is open)";
		assertThat(get("/chat?q=" + URLEncoder.encode(question, StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
		String trace = await().atMost(Duration.ofSeconds(20))
			.until(() -> traceContaining("asked while the page is open"), (id) -> id != null);
		wait.until((driver) -> rows().size() == before + 1);
		assertThat(rows().get(0).getAttribute("data-trace-id")).as("newest first, without a reload").isEqualTo(trace);
	}

	@Test
	void anthropicCallShowsItsMessagesAsAChat() throws Exception {
		String trace = traceWithSpanNamed("anthropic.messages.create");
		open("/braintrust/traces#" + trace);
		WebDriverWait wait = waitFor();
		By span = By.cssSelector("#span-tree .span-row[data-span-name='anthropic.messages.create']");
		wait.until((driver) -> !driver.findElements(span).isEmpty());
		browser.findElement(span).click();
		wait.until((driver) -> driver.findElement(By.className("span-title"))
			.getText()
			.equals("anthropic.messages.create"));
		WebElement input = browser.findElement(By.id("span-input"));
		assertThat(messages(input)).containsEntry("user", "Say hello from the Anthropic Java SDK.");
		Map<String, String> output = messages(browser.findElement(By.id("span-output")));
		assertThat(output).containsKey("assistant");
		assertThat(output.get("assistant")).isNotBlank();
		assertThat(browser.findElement(By.id("span-metadata")).getText()).contains("anthropic");
	}

	@Test
	void toolCallingTraceShowsChatToolChatWithTheArgumentsAndTheAnswer() throws Exception {
		String toolTrace = toolCallingTrace();
		open("/braintrust/traces");
		WebDriverWait wait = waitFor();
		wait.until((driver) -> !driver.findElements(By.cssSelector("tr[data-trace-id='" + toolTrace + "']")).isEmpty());
		browser.findElement(By.cssSelector("tr[data-trace-id='" + toolTrace + "']")).click();
		wait.until((driver) -> !calls().isEmpty());

		// The model call that asked for the tool, the tool, the model call that answered
		// (in
		// a trace of these three, or inside a larger task)
		List<WebElement> calls = toolAndItsModelCalls();
		assertThat(calls).extracting((row) -> row.getAttribute("data-span-type")).containsExactly("llm", "tool", "llm");

		calls.get(0).click();
		WebElement input = wait.until((driver) -> driver.findElement(By.id("span-input")));
		assertThat(messages(input)).containsEntry("user", "What is the weather in Paris?");
		WebElement output = browser.findElement(By.id("span-output"));
		assertThat(output.findElement(By.className("tool-call")).getText()).contains("currentWeather")
			.contains("\"city\": \"Paris\"");

		toolAndItsModelCalls().get(1).click();
		wait.until((driver) -> driver.findElement(By.className("span-title")).getText().equals("currentWeather"));
		String toolResult = new WeatherTools().currentWeather("Paris");
		String temperature = JsonPath.parse(toolResult).read("$.temperature_c").toString();
		assertThat(browser.findElement(By.id("span-input")).getText()).contains("\"city\": \"Paris\"");
		assertThat(browser.findElement(By.id("span-output")).getText()).contains(temperature);
		screenshot("tool-span.png");

		toolAndItsModelCalls().get(2).click();
		wait.until((driver) -> driver.findElement(By.id("span-input")).getText().contains("result"));
		assertThat(browser.findElement(By.id("span-output")).getText())
			.contains("It is " + temperature + " °C and partly cloudy.");
		assertThat(browser.findElement(By.id("span-metrics")).getText()).contains("Prompt tokens").contains("Latency");
		assertThat(browser.findElements(By.cssSelector("#span-tree .bar-span"))).hasSizeGreaterThanOrEqualTo(3);
		screenshot("trace-detail.png");
	}

	@Test
	void promptWithMarkupIsShownAsText() throws Exception {
		HttpResponse<String> answer = get("/chat?q=" + URLEncoder.encode(MARKUP_PROMPT, StandardCharsets.UTF_8));
		assertThat(answer.statusCode()).isEqualTo(200);
		String trace = await().atMost(Duration.ofSeconds(20))
			.until(() -> traceContaining("alert(1)"), (id) -> id != null);

		open("/braintrust/traces#" + trace);
		WebDriverWait wait = waitFor();
		wait.until((driver) -> !driver.findElements(By.cssSelector("#span-tree .span-row[data-span-type='llm']"))
			.isEmpty());
		browser.findElement(By.cssSelector("#span-tree .span-row[data-span-type='llm']")).click();
		WebElement input = wait.until((driver) -> driver.findElement(By.id("span-input")));
		assertThat(messages(input)).containsEntry("user", MARKUP_PROMPT);
		assertThat(input.findElements(By.tagName("script"))).isEmpty();
		assertThat(input.findElements(By.tagName("img"))).isEmpty();
		assertThat(browser.findElements(By.tagName("script"))).as("the viewer's own script only").hasSize(1);
		assertThatExceptionOfType(NoAlertPresentException.class).isThrownBy(() -> browser.switchTo().alert());
		screenshot("markup-as-text.png");
	}

	private String toolCallingTrace() {
		return await().atMost(Duration.ofSeconds(30)).until(() -> traceWithSpanType("tool"), (id) -> id != null);
	}

	private String traceWithSpanNamed(String name) {
		return await().atMost(Duration.ofSeconds(30)).until(() -> {
			for (String id : traceIds()) {
				DocumentContext trace = JsonPath.parse(get("/braintrust/traces/api/traces/" + id).body());
				if (trace.<List<String>>read("$.spans[*].displayName").contains(name)) {
					return id;
				}
			}
			return null;
		}, (id) -> id != null);
	}

	private String traceWithSpanType(String type) throws Exception {
		for (String id : traceIds()) {
			DocumentContext trace = JsonPath.parse(get("/braintrust/traces/api/traces/" + id).body());
			if (trace.<List<String>>read("$.spans[*].type").contains(type)) {
				return id;
			}
		}
		return null;
	}

	private String traceContaining(String text) throws Exception {
		for (String id : traceIds()) {
			if (get("/braintrust/traces/api/traces/" + id).body().contains(text)) {
				return id;
			}
		}
		return null;
	}

	private List<String> traceIds() throws Exception {
		return JsonPath.parse(get("/braintrust/traces/api/traces").body()).read("$.traces[*].traceId");
	}

	private static List<WebElement> rows() {
		return browser.findElements(By.cssSelector("#trace-list tbody tr"));
	}

	/**
	 * The model calls and tool executions of the shown trace, in tree order; the spans of
	 * the frameworks and tasks around them are left out.
	 */
	private static List<WebElement> calls() {
		return browser.findElements(By
			.cssSelector("#span-tree .span-row[data-span-type='llm'], #span-tree .span-row[data-span-type='tool']"));
	}

	private static List<WebElement> toolAndItsModelCalls() {
		List<WebElement> calls = calls();
		int tool = 0;
		while (tool < calls.size() && !"tool".equals(calls.get(tool).getAttribute("data-span-type"))) {
			tool++;
		}
		assertThat(tool).as("a model call before the tool").isPositive();
		assertThat(tool).as("a model call after the tool").isLessThan(calls.size() - 1);
		return calls.subList(tool - 1, tool + 2);
	}

	private static Map<String, String> messages(WebElement chat) {
		Map<String, String> messages = new java.util.LinkedHashMap<>();
		for (WebElement message : chat.findElements(By.className("message"))) {
			List<WebElement> texts = message.findElements(By.className("text"));
			if (!texts.isEmpty()) {
				messages.put(message.getAttribute("data-role"), texts.get(0).getText());
			}
		}
		return messages;
	}

	private void open(String path) {
		browser.get("http://127.0.0.1:" + this.port + path);
	}

	private static WebDriverWait waitFor() {
		return new WebDriverWait(browser, Duration.ofSeconds(15));
	}

	private static void screenshot(String name) throws IOException {
		File shot = browser.getScreenshotAs(OutputType.FILE);
		Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
