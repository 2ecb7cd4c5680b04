package dev.braintrust.spring.boot.trace;

import org.jspecify.annotations.Nullable;

/**
 * One part of a multi-part message content, in OpenAI chat shape: {@code text} parts are
 * written as {@code {"type":"text","text":"..."}}, {@code image_url} parts as
 * {@code {"type":"image_url","image_url":{"url":"..."}}}, any other type as
 * {@code {"type":"...","text":"...","url":"..."}} with the fields that are set.
 *
 * @param type the part type, e.g. {@code text}, {@code image_url}, {@code input_audio}
 * @param text the text of a text part
 * @param url the URL (or data URL) of an image or file part
 */
public record ContentPart(String type, @Nullable String text, @Nullable String url) {

	/**
	 * A text part.
	 * @param text the text
	 * @return the part
	 */
	public static ContentPart text(String text) {
		return new ContentPart("text", text, null);
	}

	/**
	 * An image part.
	 * @param url the image URL or data URL
	 * @return the part
	 */
	public static ContentPart imageUrl(String url) {
		return new ContentPart("image_url", null, url);
	}

}
