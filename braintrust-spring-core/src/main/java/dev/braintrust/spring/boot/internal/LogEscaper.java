package dev.braintrust.spring.boot.internal;

import org.jspecify.annotations.Nullable;

/**
 * Escapes the values the starter logs that come from a user or a server (model and tool
 * names, bean names, versions, error descriptions), so that none of them can forge a log
 * line or hide part of one: control characters ({@code \n}, {@code \r}, ESC, NEL, ...),
 * the Unicode line and paragraph separators, and invisible format characters
 * (bidirectional overrides, zero-width characters) are written as {@code \n}, {@code \r},
 * {@code \t} or {@code \}{@code uXXXX}. Spring's {@code LogFormatUtils} replaces
 * {@code \r} and {@code \n} too, but quotes every value and leaves U+2028, U+2029 and the
 * format characters as they are. Not an API.
 */
public final class LogEscaper {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private LogEscaper() {
	}

	/**
	 * Describe a failure for a log line: the exception's simple class name and its
	 * escaped message.
	 * @param ex the failure
	 * @return the description
	 */
	public static String describe(Throwable ex) {
		String message = ex.getMessage();
		return (message != null) ? ex.getClass().getSimpleName() + ": " + escape(message)
				: ex.getClass().getSimpleName();
	}

	/**
	 * Escape a value for a log line.
	 * @param value the value, may be {@code null}
	 * @return the value with every character that could break or disguise a log line
	 * escaped, the same instance when there is none (the usual case), {@code "null"} for
	 * {@code null}
	 */
	public static String escape(@Nullable Object value) {
		String string = String.valueOf(value);
		int length = string.length();
		for (int i = 0; i < length; i++) {
			if (needsEscape(string.charAt(i))) {
				return escape(string, i);
			}
		}
		return string;
	}

	private static String escape(String string, int first) {
		StringBuilder escaped = new StringBuilder(string.length() + 16).append(string, 0, first);
		for (int i = first; i < string.length(); i++) {
			char c = string.charAt(i);
			if (!needsEscape(c)) {
				escaped.append(c);
			}
			else if (c == '\n') {
				escaped.append("\\n");
			}
			else if (c == '\r') {
				escaped.append("\\r");
			}
			else if (c == '\t') {
				escaped.append("\\t");
			}
			else {
				escaped.append("\\u")
					.append(HEX[(c >> 12) & 0xF])
					.append(HEX[(c >> 8) & 0xF])
					.append(HEX[(c >> 4) & 0xF])
					.append(HEX[c & 0xF]);
			}
		}
		return escaped.toString();
	}

	private static boolean needsEscape(char c) {
		if (c >= 0x20 && c < 0x7F) {
			return false;
		}
		if (Character.isISOControl(c)) {
			return true;
		}
		int type = Character.getType(c);
		return type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT;
	}

}
