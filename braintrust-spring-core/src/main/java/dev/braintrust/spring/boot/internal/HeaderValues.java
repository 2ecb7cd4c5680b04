package dev.braintrust.spring.boot.internal;

/**
 * What an HTTP header value may hold: horizontal tabs and printable ASCII. Anything else
 * (a non-ASCII project name, a non-breaking space pasted with a key, a newline) is
 * refused by HTTP clients, OkHttp included, with an exception.
 */
public final class HeaderValues {

	private HeaderValues() {
	}

	/**
	 * Whether a value can be sent as an HTTP header value as it is.
	 * @param value the value
	 * @return {@code true} if every character is a tab or printable ASCII
	 */
	public static boolean isSendable(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c != '\t' && (c < 0x20 || c > 0x7e)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * A value made safe for a log line: control and non-ASCII characters escaped as
	 * {@code \\uXXXX}, at most {@code max} characters kept.
	 * @param value the value
	 * @param max the maximum number of characters kept
	 * @return the printable value
	 */
	public static String printable(String value, int max) {
		StringBuilder out = new StringBuilder(Math.min(value.length(), max) + 16);
		for (int i = 0; i < value.length() && i < max; i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7e) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		if (value.length() > max) {
			out.append("...");
		}
		return out.toString();
	}

}
