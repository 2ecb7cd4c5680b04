package dev.braintrust.spring.boot.export;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * A loopback OTLP/HTTP receiver that decodes the protobuf requests it gets. Responses are
 * 200 unless status codes were queued with {@link #respondWith(int...)} (or
 * {@link #respondWithRetryAfter}), or set for one {@code x-bt-parent} with
 * {@link #respondFor}; {@link #hold()} makes it hang until {@link #release()}. It also
 * stands in for the Braintrust API's {@code POST /v1/project} ({@link #project}).
 */
public final class OtlpReceiver implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private final List<Received> requests = new CopyOnWriteArrayList<>();

	private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();

	private final AtomicInteger attempts = new AtomicInteger();

	private final List<Long> attemptNanos = new CopyOnWriteArrayList<>();

	private final Map<String, Integer> statusByParent = new java.util.concurrent.ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<String> retryAfters = new ConcurrentLinkedQueue<>();

	private final Map<String, String> projectIds = new java.util.concurrent.ConcurrentHashMap<>();

	private final List<ProjectRequest> projectRequests = new CopyOnWriteArrayList<>();

	private volatile int projectStatus = 200;

	private volatile CountDownLatch gate = new CountDownLatch(0);

	public OtlpReceiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(this.executor);
		this.server.createContext("/v1/project", (exchange) -> {
			try (exchange) {
				String body = new String(exchange.getRequestBody().readAllBytes(),
						java.nio.charset.StandardCharsets.UTF_8);
				this.projectRequests.add(new ProjectRequest(exchange.getRequestMethod(),
						exchange.getRequestHeaders().getFirst("Authorization"), body));
				String id = this.projectIds.entrySet()
					.stream()
					.filter((entry) -> body.contains("\"" + entry.getKey() + "\""))
					.map(Map.Entry::getValue)
					.findFirst()
					.orElse(null);
				if (this.projectStatus != 200 || id == null) {
					exchange.sendResponseHeaders((this.projectStatus != 200) ? this.projectStatus : 404, -1);
					return;
				}
				byte[] response = ("{\"id\":\"" + id + "\",\"org_id\":\"o-1\",\"name\":\"ignored\"}")
					.getBytes(java.nio.charset.StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, response.length);
				exchange.getResponseBody().write(response);
			}
		});
		this.server.createContext("/", (exchange) -> {
			try (exchange) {
				byte[] body = exchange.getRequestBody().readAllBytes();
				this.attempts.incrementAndGet();
				this.attemptNanos.add(System.nanoTime());
				this.gate.await(30, TimeUnit.SECONDS);
				String parent = exchange.getRequestHeaders().getFirst("x-bt-parent");
				Integer forParent = (parent != null) ? this.statusByParent.get(parent) : null;
				Integer status = (forParent != null) ? forParent : this.statuses.poll();
				int code = (status != null) ? status : 200;
				if (code == 200) {
					String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
					InputStream in = new ByteArrayInputStream(body);
					if ("gzip".equals(encoding)) {
						in = new GZIPInputStream(in);
					}
					ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(in);
					Map<String, List<String>> headers = Map.copyOf(exchange.getRequestHeaders());
					this.requests.add(new Received(exchange.getRequestURI().getPath(), headers, request,
							exchange.getRemoteAddress().getPort()));
					byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
					exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
					exchange.sendResponseHeaders(200, response.length);
					exchange.getResponseBody().write(response);
				}
				else {
					String retryAfter = (forParent == null) ? this.retryAfters.poll() : null;
					if (retryAfter != null && !retryAfter.isEmpty()) {
						exchange.getResponseHeaders().add("Retry-After", retryAfter);
					}
					exchange.sendResponseHeaders(code, -1);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		this.server.start();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public void respondWith(int... codes) {
		for (int code : codes) {
			this.statuses.add(code);
			this.retryAfters.add("");
		}
	}

	/**
	 * Queue one answer with a {@code Retry-After} header.
	 */
	public void respondWithRetryAfter(int code, String retryAfter) {
		this.statuses.add(code);
		this.retryAfters.add(retryAfter);
	}

	/**
	 * Answer every request sent with this {@code x-bt-parent} with this status.
	 */
	public void respondFor(String parent, int code) {
		this.statusByParent.put(parent, code);
	}

	/**
	 * Stop answering requests sent with this {@code x-bt-parent} specially.
	 */
	public void recoverFor(String parent) {
		this.statusByParent.remove(parent);
	}

	/**
	 * Answer {@code POST /v1/project} for a project name with this id.
	 */
	public void project(String name, String id) {
		this.projectIds.put(name, id);
	}

	/**
	 * Answer {@code POST /v1/project} with this status.
	 */
	public void projectStatus(int status) {
		this.projectStatus = status;
	}

	public List<ProjectRequest> projectRequests() {
		return List.copyOf(this.projectRequests);
	}

	/**
	 * When each request arrived ({@link System#nanoTime()}).
	 */
	public List<Long> attemptNanos() {
		return List.copyOf(this.attemptNanos);
	}

	public void hold() {
		this.gate = new CountDownLatch(1);
	}

	public void release() {
		this.gate.countDown();
	}

	/**
	 * Number of HTTP requests received, whatever the response.
	 */
	public int attempts() {
		return this.attempts.get();
	}

	public List<Received> requests() {
		return List.copyOf(this.requests);
	}

	public List<Span> spans() {
		List<Span> spans = new ArrayList<>();
		this.requests.forEach((request) -> spans.addAll(request.spans()));
		return spans;
	}

	public List<String> spanNames() {
		return spans().stream().map(Span::getName).toList();
	}

	@Override
	public void close() {
		release();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	public record ProjectRequest(String method, String authorization, String body) {
	}

	public record Received(String path, Map<String, List<String>> headers, ExportTraceServiceRequest request,
			int remotePort) {

		public String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

		public List<Span> spans() {
			List<Span> spans = new ArrayList<>();
			for (ResourceSpans resourceSpans : this.request.getResourceSpansList()) {
				for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
					spans.addAll(scopeSpans.getSpansList());
				}
			}
			return spans;
		}

	}

}
