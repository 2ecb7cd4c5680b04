package dev.braintrust.spring.boot.export;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.braintrust.spring.boot.internal.HeaderValues;
import io.opentelemetry.contrib.disk.buffering.storage.impl.FileSpanStorage;
import io.opentelemetry.contrib.disk.buffering.storage.impl.FileStorageConfiguration;
import io.opentelemetry.contrib.disk.buffering.storage.result.WriteResult;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Spans that memory cannot hold, on disk: OpenTelemetry's disk-buffering library
 * ({@link FileSpanStorage}) writes them as OTLP protobuf records in files under
 * {@code <directory>/spans}, and gives them back oldest first, at this start or the next.
 * Used by the export worker thread only.
 * <p>
 * Around the library: the spool is bounded by its own size, removing the oldest files
 * first and counting their spans dropped (the library would remove them without a word);
 * at opening, a file the library could not read (a foreign file, which it would fail on,
 * or a corrupt one, which it would delete silently) is moved to
 * {@code <directory>/rejected}, counted and logged; a batch read is removed from disk
 * only once it has been sent, so a batch that fails stays for the next attempt or the
 * next start.
 */
final class SpanSpool implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(SpanSpool.class);

	/** Largest file the library writes; a write is split to fit. */
	static final int MAX_FILE_SIZE = 4 * 1024 * 1024;

	/** Largest estimated size of one write: UTF-8 can take up to 3 bytes a character. */
	private static final long MAX_WRITE_ESTIMATE = MAX_FILE_SIZE / 4;

	private final Path spans;

	private final Path rejected;

	private final long maxSize;

	private final BraintrustExportStatus status;

	private final FileStorageConfiguration configuration;

	private FileSpanStorage storage;

	private Iterator<Collection<SpanData>> reader;

	private @Nullable List<SpanData> pending;

	private SpanSpool(Path directory, long maxSize, BraintrustExportStatus status) {
		this.spans = directory.resolve("spans");
		this.rejected = directory.resolve("rejected");
		this.maxSize = maxSize;
		this.status = status;
		// Files are closed for writing after 1 s and readable after 1.5 s, so that spans
		// spooled during an outage are sent soon after it; they do not expire (30 days)
		this.configuration = FileStorageConfiguration.builder()
			.setMaxFileSize(MAX_FILE_SIZE)
			.setMaxFolderSize((int) Math.min(Integer.MAX_VALUE, maxSize + 2L * MAX_FILE_SIZE))
			.setMaxFileAgeForWriteMillis(1000)
			.setMinFileAgeForReadMillis(1500)
			.setMaxFileAgeForReadMillis(TimeUnit.DAYS.toMillis(30))
			.build();
	}

	/**
	 * Open the spool in a directory, creating it if needed.
	 * @param directory the directory
	 * @param maxSize the bound of the files' total size, in bytes
	 * @param status where spooled and dropped spans are counted
	 * @return the spool
	 * @throws UncheckedIOException if the directory cannot be used
	 */
	static SpanSpool open(Path directory, long maxSize, BraintrustExportStatus status) {
		SpanSpool spool = new SpanSpool(directory, maxSize, status);
		try {
			Files.createDirectories(spool.spans);
			spool.rejectUnreadableFiles();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("braintrust.export.spool.directory: cannot use " + directory + " ("
					+ ex.getClass().getSimpleName() + "); set it to a directory the application can write, or unset it",
					ex);
		}
		spool.openStorage();
		return spool;
	}

	/**
	 * Write spans; the oldest files make room if needed.
	 * @param batch the spans
	 * @return how many spans could not be written (counted dropped by the caller)
	 */
	int write(List<SpanData> batch) {
		int unwritten = 0;
		List<SpanData> chunk = new ArrayList<>();
		long chunkBytes = 0;
		for (SpanData span : batch) {
			long bytes = ExportQueue.estimatedBytes(span);
			if (!chunk.isEmpty() && chunkBytes + bytes > MAX_WRITE_ESTIMATE) {
				unwritten += writeChunk(chunk, chunkBytes);
				chunk = new ArrayList<>();
				chunkBytes = 0;
			}
			chunk.add(span);
			chunkBytes += bytes;
		}
		if (!chunk.isEmpty()) {
			unwritten += writeChunk(chunk, chunkBytes);
		}
		return unwritten;
	}

	private int writeChunk(List<SpanData> chunk, long estimate) {
		if (!makeRoom(3 * estimate)) {
			return chunk.size();
		}
		try {
			WriteResult result = this.storage.write(chunk).get();
			if (result.isSuccessful()) {
				this.status.recordSpooled(chunk.size());
				return 0;
			}
		}
		catch (Exception | LinkageError ex) {
			logger.warn("Braintrust spool could not write " + chunk.size() + " spans: " + ex.getClass().getName());
		}
		return chunk.size();
	}

	/**
	 * The oldest batch on disk, the same one until {@link #sent()}.
	 * @return the spans, or {@code null} if none is ready
	 */
	@Nullable List<SpanData> next() {
		if (this.pending == null) {
			try {
				if (this.reader.hasNext()) {
					Collection<SpanData> batch = this.reader.next();
					this.pending = (batch != null) ? List.copyOf(batch) : null;
				}
			}
			catch (RuntimeException | LinkageError ex) {
				logger.warn("Braintrust spool could not be read: " + ex.getClass().getName());
			}
		}
		return this.pending;
	}

	/**
	 * The batch {@link #next()} gave was sent (or settled): remove it from disk.
	 */
	void sent() {
		if (this.pending != null) {
			this.reader.remove();
			this.pending = null;
		}
	}

	/**
	 * Total size of the spool's files.
	 * @return bytes
	 */
	long size() {
		long size = 0;
		for (Path file : files()) {
			try {
				size += Files.size(file);
			}
			catch (IOException ex) {
				// removed meanwhile
			}
		}
		return size;
	}

	@Override
	public void close() {
		try {
			this.storage.close();
		}
		catch (IOException ex) {
			logger.warn("Braintrust spool could not be closed: " + ex.getClass().getName());
		}
	}

	private void openStorage() {
		this.storage = FileSpanStorage.create(this.spans.toFile(), this.configuration);
		this.reader = this.storage.iterator();
	}

	/**
	 * Remove the oldest files, counting their spans dropped, until {@code bytes} more fit
	 * within the bound. A file with a batch read and not sent yet stays.
	 */
	private boolean makeRoom(long bytes) {
		if (size() + bytes <= this.maxSize) {
			return true;
		}
		if (this.pending != null || bytes > this.maxSize) {
			return false;
		}
		close();
		try {
			List<Path> files = files();
			files.sort((a, b) -> Long.compare(Long.parseLong(a.getFileName().toString()),
					Long.parseLong(b.getFileName().toString())));
			long size = size();
			for (Path oldest : files) {
				if (size + bytes <= this.maxSize) {
					break;
				}
				long fileSize = Files.size(oldest);
				int spans = countSpans(oldest);
				Files.deleteIfExists(oldest);
				size -= fileSize;
				this.status.recordDropped(spans);
				logger.warn("Braintrust spool is at braintrust.export.spool.max-size: its oldest file (" + spans
						+ " spans) was removed; they are counted dropped");
			}
			return size + bytes <= this.maxSize;
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Braintrust spool could not make room: " + ex.getClass().getName());
			return false;
		}
		finally {
			openStorage();
		}
	}

	private List<Path> files() {
		List<Path> files = new ArrayList<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(this.spans)) {
			for (Path entry : entries) {
				if (isSpoolFile(entry)) {
					files.add(entry);
				}
			}
		}
		catch (IOException ex) {
			// an unreadable directory holds nothing we can send
		}
		return files;
	}

	private static boolean isSpoolFile(Path entry) {
		String name = entry.getFileName().toString();
		return Files.isRegularFile(entry) && !name.isEmpty() && name.length() < 19
				&& name.chars().allMatch(Character::isDigit);
	}

	/**
	 * The library names its files by their creation time and fails on any other name; it
	 * deletes a file it cannot parse without a word. Such files are moved aside here,
	 * counted and logged, before the library sees them.
	 */
	private void rejectUnreadableFiles() throws IOException {
		List<Path> entries = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(this.spans)) {
			stream.forEach(entries::add);
		}
		for (Path entry : entries) {
			String reason = null;
			if (!isSpoolFile(entry)) {
				reason = "not a spool file";
			}
			else if (countSpans(entry) < 0) {
				reason = "not readable as OTLP spans";
			}
			if (reason != null) {
				Files.createDirectories(this.rejected);
				Path target = this.rejected.resolve(entry.getFileName().toString() + "-" + System.currentTimeMillis());
				Files.move(entry, target, StandardCopyOption.REPLACE_EXISTING);
				logger.warn("Braintrust spool: " + HeaderValues.printable(entry.getFileName().toString(), 100) + " in "
						+ this.spans + " is " + reason + "; moved to " + target + " and skipped");
			}
		}
	}

	/**
	 * Spans in a spool file: length-delimited OTLP {@code ExportTraceServiceRequest}s.
	 * @return the count, or -1 if the file is not such a sequence
	 */
	static int countSpans(Path file) {
		try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
			int spans = 0;
			while (true) {
				int first = in.read();
				if (first == -1) {
					return spans;
				}
				long length = readVarint(in, first);
				if (length <= 0 || length > MAX_FILE_SIZE) {
					return -1;
				}
				byte[] record = new byte[(int) length];
				in.readFully(record);
				int counted = ProtobufSpans.count(record);
				if (counted < 0) {
					return -1;
				}
				spans += counted;
			}
		}
		catch (EOFException ex) {
			return -1;
		}
		catch (IOException ex) {
			return -1;
		}
	}

	private static long readVarint(InputStream in, int first) throws IOException {
		long value = first & 0x7f;
		int shift = 7;
		int b = first;
		while ((b & 0x80) != 0) {
			b = in.read();
			if (b == -1 || shift > 35) {
				throw new EOFException();
			}
			value |= (long) (b & 0x7f) << shift;
			shift += 7;
		}
		return value;
	}

}
