/**
 * Integration of the AWS SDK for Java 2.x Bedrock Runtime client: traces Converse,
 * ConverseStream and InvokeModel calls of {@code BedrockRuntimeClient} and
 * {@code BedrockRuntimeAsyncClient} beans.
 */
@NullMarked
package dev.braintrust.spring.boot.integrations.bedrock;

import org.jspecify.annotations.NullMarked;
