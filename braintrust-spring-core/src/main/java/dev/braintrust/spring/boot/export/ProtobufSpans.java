package dev.braintrust.spring.boot.export;

/**
 * Counts the spans of an OTLP {@code ExportTraceServiceRequest} from its protobuf wire
 * format alone ({@code resource_spans = 1}, then {@code scope_spans = 2}, then
 * {@code spans = 2}): what a spool file holds, without decoding it.
 */
final class ProtobufSpans {

	private ProtobufSpans() {
	}

	/**
	 * @param request an encoded {@code ExportTraceServiceRequest}
	 * @return the number of spans, or -1 if the bytes are not a valid message
	 */
	static int count(byte[] request) {
		return count(request, 0, request.length, 0);
	}

	private static int count(byte[] bytes, int from, int to, int depth) {
		int spans = 0;
		int[] position = { from };
		while (position[0] < to) {
			long tag = varint(bytes, position, to);
			if (tag < 0) {
				return -1;
			}
			int field = (int) (tag >>> 3);
			int wireType = (int) (tag & 7);
			switch (wireType) {
				case 0 -> {
					if (varint(bytes, position, to) < 0) {
						return -1;
					}
				}
				case 1 -> position[0] += 8;
				case 5 -> position[0] += 4;
				case 2 -> {
					long length = varint(bytes, position, to);
					if (length < 0 || position[0] + length > to) {
						return -1;
					}
					int start = position[0];
					int end = (int) (start + length);
					if (depth == 0 && field == 1 || depth == 1 && field == 2) {
						int inner = count(bytes, start, end, depth + 1);
						if (inner < 0) {
							return -1;
						}
						spans += inner;
					}
					else if (depth == 2 && field == 2) {
						spans++;
					}
					position[0] = end;
				}
				default -> {
					return -1;
				}
			}
		}
		return (position[0] == to) ? spans : -1;
	}

	private static long varint(byte[] bytes, int[] position, int to) {
		long value = 0;
		for (int shift = 0; shift < 64; shift += 7) {
			if (position[0] >= to) {
				return -1;
			}
			byte b = bytes[position[0]++];
			value |= (long) (b & 0x7f) << shift;
			if ((b & 0x80) == 0) {
				return value;
			}
		}
		return -1;
	}

}
