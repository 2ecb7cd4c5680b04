package dev.braintrust.spring.samples.quickstart;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.stereotype.Component;

/**
 * A tool the model may call through Spring AI.
 */
@Component
public class WeatherTools {

	@Tool(description = "Current weather in a city")
	public String currentWeather(@ToolParam(description = "City name, e.g. Paris") String city) {
		int temperature = 12 + Math.floorMod(city.toLowerCase().hashCode(), 15);
		return "{\"city\":\"" + city + "\",\"temperature_c\":" + temperature + ",\"conditions\":\"partly cloudy\"}";
	}

}
