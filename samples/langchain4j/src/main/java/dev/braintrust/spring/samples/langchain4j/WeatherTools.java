package dev.braintrust.spring.samples.langchain4j;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;

/**
 * A tool the assistant may call.
 */
public class WeatherTools {

	@Tool("The current weather in a city")
	public String currentWeather(@P("the city") String city) {
		int temperature = 12 + Math.floorMod(city.hashCode(), 15);
		return city + ": " + temperature + " degrees Celsius, sunny";
	}

}
