package dev.braintrust.spring.boot.integrations.bedrock;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import dev.braintrust.spring.boot.trace.AsyncChunkStream;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.SdkPublisher;

/**
 * The event publisher an SDK hands a stream's response handler, with each event reported
 * to the call's {@link AsyncChunkStream} before the caller's subscriber gets it; a
 * subscriber that cancels its subscription ends the call as cancelled.
 *
 * @param <T> the event type
 */
final class TracedEventStream<T> {

	private final AsyncChunkStream<T> stream;

	// The SDK's subscription, once the caller's subscriber has one.
	private final AtomicReference<@Nullable Subscription> subscription = new AtomicReference<>();

	TracedEventStream(Function<Runnable, AsyncChunkStream<T>> stream) {
		this.stream = stream.apply(this::cancelSubscription);
	}

	AsyncChunkStream<T> stream() {
		return this.stream;
	}

	SdkPublisher<T> wrap(SdkPublisher<T> publisher) {
		return (subscriber) -> publisher.subscribe(new TracedSubscriber(subscriber));
	}

	private void cancelSubscription() {
		Subscription subscription = this.subscription.get();
		if (subscription != null) {
			subscription.cancel();
		}
	}

	private final class TracedSubscriber implements Subscriber<T> {

		private final Subscriber<? super T> delegate;

		TracedSubscriber(Subscriber<? super T> delegate) {
			this.delegate = delegate;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			TracedEventStream.this.subscription.set(subscription);
			this.delegate.onSubscribe(new Subscription() {

				@Override
				public void request(long n) {
					subscription.request(n);
				}

				@Override
				public void cancel() {
					TracedEventStream.this.stream.close();
				}

			});
		}

		@Override
		public void onNext(T event) {
			TracedEventStream.this.stream.onNext(event, this.delegate::onNext);
		}

		@Override
		public void onError(Throwable error) {
			this.delegate.onError(error);
		}

		@Override
		public void onComplete() {
			this.delegate.onComplete();
		}

	}

}
