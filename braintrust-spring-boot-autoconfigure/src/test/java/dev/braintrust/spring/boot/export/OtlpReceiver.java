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
 * 200 unless status codes were queued with {@link #respondWith(int...)}; {@link #hold()}
 * makes it hang until {@link #release()}.
 */
public final class OtlpReceiver implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private final List<Received> requests = new CopyOnWriteArrayList<>();

	private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();

	private final AtomicInteger attempts = new AtomicInteger();

	private volatile CountDownLatch gate = new CountDownLatch(0);

	public OtlpReceiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", (exchange) -> {
			try (exchange) {
				byte[] body = exchange.getRequestBody().readAllBytes();
				this.attempts.incrementAndGet();
				this.gate.await(30, TimeUnit.SECONDS);
				Integer status = this.statuses.poll();
				int code = (status != null) ? status : 200;
				if (code == 200) {
					String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
					InputStream in = new ByteArrayInputStream(body);
					if ("gzip".equals(encoding)) {
						in = new GZIPInputStream(in);
					}
					ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(in);
					Map<String, List<String>> headers = Map.copyOf(exchange.getRequestHeaders());
					this.requests.add(new Received(exchange.getRequestURI().getPath(), headers, request));
					byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
					exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
					exchange.sendResponseHeaders(200, response.length);
					exchange.getResponseBody().write(response);
				}
				else {
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
		}
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

	public record Received(String path, Map<String, List<String>> headers, ExportTraceServiceRequest request) {

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
