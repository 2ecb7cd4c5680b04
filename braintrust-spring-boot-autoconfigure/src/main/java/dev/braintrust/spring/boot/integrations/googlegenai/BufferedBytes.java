package dev.braintrust.spring.boot.integrations.googlegenai;

import java.io.InputStream;

import okio.Buffer;

/**
 * The bytes of a buffer, read from its start and left in it. They are copied out of its
 * segments, never shared: a segment that a peek shares is not given back to okio's
 * segment pool once the SDK has read it, so that every call would allocate a new one.
 * Close it before the buffer is read or written again.
 */
final class BufferedBytes extends InputStream {

	private final Buffer.UnsafeCursor cursor;

	private final long size;

	private long position;

	BufferedBytes(Buffer buffer) {
		this.cursor = buffer.readUnsafe();
		this.size = buffer.size();
	}

	@Override
	public int read() {
		if (this.position >= this.size) {
			return -1;
		}
		this.cursor.seek(this.position++);
		return this.cursor.data[this.cursor.start] & 0xff;
	}

	@Override
	public int read(byte[] bytes, int offset, int length) {
		if (length == 0) {
			return 0;
		}
		if (this.position >= this.size) {
			return -1;
		}
		this.cursor.seek(this.position);
		int count = Math.min(length, this.cursor.end - this.cursor.start);
		System.arraycopy(this.cursor.data, this.cursor.start, bytes, offset, count);
		this.position += count;
		return count;
	}

	@Override
	public void close() {
		if (this.cursor.buffer != null) {
			this.cursor.close();
		}
	}

}
