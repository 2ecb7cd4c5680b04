package dev.braintrust.spring.boot.integrations.springai;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.prompt.Prompt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The usage reported before the next call of a tool loop goes to that call only: the call
 * made with the conversation the tools returned, first on the thread.
 */
class ToolLoopUsageTests {

	private final List<Message> conversation = new ArrayList<>(List.of(new UserMessage("What is the weather?")));

	private final Usage reported = new DefaultUsage(61, 16, 77);

	@AfterEach
	void clear() {
		ToolLoopUsage.before(new Prompt("clear"));
	}

	@Test
	void nextCallOfTheLoopGetsTheUsageReportedBeforeIt() {
		ToolLoopUsage.continued(this.conversation, this.reported);
		assertThat(ToolLoopUsage.before(new Prompt(this.conversation))).isSameAs(this.reported);
		assertThat(ToolLoopUsage.before(new Prompt(this.conversation))).isNull();
	}

	@Test
	void anotherCallGetsNothingAndEndsTheContinuation() {
		ToolLoopUsage.continued(this.conversation, this.reported);
		assertThat(ToolLoopUsage.before(new Prompt(new ArrayList<>(this.conversation)))).isNull();
		assertThat(ToolLoopUsage.before(new Prompt(this.conversation))).isNull();
	}

	@Test
	void anotherThreadGetsNothing() throws InterruptedException {
		ToolLoopUsage.continued(this.conversation, this.reported);
		Usage[] seen = new Usage[] { this.reported };
		Thread other = new Thread(() -> seen[0] = ToolLoopUsage.before(new Prompt(this.conversation)));
		other.start();
		other.join();
		assertThat(seen[0]).isNull();
		assertThat(ToolLoopUsage.before(new Prompt(this.conversation))).isSameAs(this.reported);
	}

}
